// Multi-objective searches: search.objectives parsed with their directions and
// errors, ParEGO's weights and scalarisation by hand, and studies of a
// synthetic two-objective problem (accuracy up with x and down with y^2, size
// up with x) under random search, the GP (ParEGO) and Hyperband (rungs
// promoted in NSGA-II's crowded order); the table and results.csv mark the
// Pareto front, and Results::load finds the objectives in the journal.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/plot/search_figures.hpp"
#include "tuner/proposers/bayesian_search.hpp"
#include "tuner/proposers/gp/parego.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/multi_objective.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
using testing::fresh_dir;

namespace {

double size_of(const Params& hp) { return 1000.0 * hp.real("x"); }

// val_accuracy = x - y^2 (scaled down at small budgets), size_bytes = 1000 x.
class AccuracyAndSize : public Objective {
 public:
  std::string metric() const override { return "val_accuracy"; }
  Direction direction() const override { return Direction::Maximize; }
  Score evaluate(const Params& hp, TrialContext& ctx) override {
    const double y = hp.real("y");
    return {(hp.real("x") - y * y) * (1.0 - 1.0 / (ctx.budget + 1.0)), {}, ""};
  }
  std::vector<std::string> attribute_names() const override { return {"size_bytes"}; }
  Attributes trial_attributes(const Params& hp) const override { return {{"size_bytes", size_of(hp)}}; }
};

Space space() { return Space{Real("x", 0.0, 1.0), Real("y", -1.0, 1.0)}; }

ObjectiveList accuracy_and_size() {
  return ObjectiveList::from_json(Json::parse(R"([{"name": "val_accuracy"}, {"name": "size_bytes"}])"),
                                  "search.objectives",
                                  [](const std::string& n) { return n == "val_accuracy" || n == "size_bytes"; },
                                  "val_accuracy, size_bytes");
}

std::string error_of(const std::string& json) {
  try {
    ObjectiveList::from_json(Json::parse(json), "search.objectives",
                             [](const std::string& n) { return n.rfind("val_", 0) == 0 || n == "flash_bytes"; },
                             "val_*, flash_bytes");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// The front of the completed trials, by brute force.
std::set<int> brute_front(const Results& r) {
  std::set<int> out;
  for (const Trial& a : r.trials()) {
    if (!a.ok()) continue;
    bool dominated = false;
    for (const Trial& b : r.trials())
      if (b.ok() && *b.value >= *a.value && size_of(b.params) <= size_of(a.params) &&
          (*b.value > *a.value || size_of(b.params) < size_of(a.params)))
        dominated = true;
    if (!dominated) out.insert(a.id);
  }
  return out;
}

std::set<int> ids(const std::vector<const Trial*>& trials) {
  std::set<int> out;
  for (const Trial* t : trials) out.insert(t->id);
  return out;
}

}  // namespace

TEST_CASE("search.objectives: directions from the names, errors naming the element") {
  const ObjectiveList list = ObjectiveList::from_json(
      Json::parse(R"([{"name": "val_accuracy"}, {"name": "flash_bytes"}, {"name": "val_loss"},
                      {"name": "val_mae", "direction": "minimize"}])"),
      "search.objectives", [](const std::string&) { return true; }, "");
  REQUIRE(list.size() == 4);
  CHECK(list.specs()[0].direction == Direction::Maximize);
  CHECK(list.specs()[1].direction == Direction::Minimize);
  CHECK(list.specs()[2].direction == Direction::Minimize);
  CHECK(list.specs()[3].direction == Direction::Minimize);
  CHECK(list.to_json().dump() ==
        R"([{"name":"val_accuracy","direction":"maximize"},{"name":"flash_bytes","direction":"minimize"},)"
        R"({"name":"val_loss","direction":"minimize"},{"name":"val_mae","direction":"minimize"}])");

  CHECK(error_of(R"([{"name": "val_accuracy"}, {"name": "val_accuracy"}])") ==
        "search.objectives[1]: objective 'val_accuracy' is repeated");
  CHECK(error_of(R"([{"name": "val_accuracy"}, {"name": "rom_bytes"}])") ==
        "search.objectives[1]: unknown objective 'rom_bytes'; known: val_*, flash_bytes");
  CHECK(error_of(R"([{"name": "val_accuracy"}, {"name": "val_mae"}])").find(
            "search.objectives[1]: no direction for 'val_mae'") == 0);
  CHECK(error_of(R"([{"name": "val_accuracy", "direction": "up"}])").find("search.objectives[0].direction") == 0);
  CHECK(error_of(R"([])").find("search.objectives") == 0);
  CHECK(error_of(R"([{"direction": "minimize"}])").find("search.objectives[0]") == 0);
}

TEST_CASE("ObjectiveList::point: attributes, the scored value, other metrics at the value epoch") {
  ObjectiveList list({{"val_accuracy", Direction::Maximize}, {"flash_bytes", Direction::Minimize},
                      {"val_loss", Direction::Minimize}},
                     "val_accuracy");
  Trial t;
  t.status = TrialStatus::Completed;
  t.value = 0.8;
  t.value_epoch = 2;
  t.attributes = {{"flash_bytes", 4096}};
  t.history = {{1, {{"val_accuracy", 0.7}, {"val_loss", 0.9}}}, {2, {{"val_accuracy", 0.8}, {"val_loss", 0.5}}},
               {3, {{"val_accuracy", 0.75}, {"val_loss", 0.6}}}};
  CHECK(list.point(t) == ObjectivePoint{-0.8, 4096, 0.5});
  t.status = TrialStatus::Failed;
  CHECK(!list.point(t));
}

TEST_CASE("ParEGO: Knowles's weight vectors and the augmented Chebyshev scalarisation") {
  const auto two = parego_weight_set(2);
  CHECK(two.size() == 11);  // l/10, l = 0..10
  CHECK(parego_weight_set(3).size() == 15);  // s = 4: 6 choose 2
  for (const auto& w : parego_weight_set(3)) CHECK(w[0] + w[1] + w[2] == doctest::Approx(1.0));
  Rng a(5), b(5);
  CHECK(parego_weights(2, a) == parego_weights(2, b));

  // Normalised: (0, 1), (1, 0), (0.5, 0.5). lambda = (0.5, 0.5):
  // max(0, 0.5) + 0.05 * 0.5 = 0.525 twice; 0.25 + 0.05 * 0.5 = 0.275.
  const std::vector<double> f = parego_scalarise({ObjectivePoint{0, 10}, ObjectivePoint{1, 0}, std::nullopt,
                                                  ObjectivePoint{0.5, 5}},
                                                 {0.5, 0.5});
  CHECK(f[0] == doctest::Approx(0.525));
  CHECK(f[1] == doctest::Approx(0.525));
  CHECK(std::isnan(f[2]));
  CHECK(f[3] == doctest::Approx(0.275));
  // lambda = (1, 0): the first objective alone, plus rho times it.
  const std::vector<double> g = parego_scalarise({ObjectivePoint{0, 10}, ObjectivePoint{1, 0}}, {1.0, 0.0});
  CHECK(g[0] == doctest::Approx(0.0));
  CHECK(g[1] == doctest::Approx(1.05));
}

TEST_CASE("random search: the table and results.csv mark the front, Results::load finds the objectives") {
  AccuracyAndSize inner;
  MultiObjective objective(inner, accuracy_and_size());
  const auto dir = fresh_dir("multi_objective_random");
  Study study(space(), objective, {.repo_dir = dir, .seed = 4});
  RandomSearch random({.n_trials = 20});
  const Results results = study.run(random, 3);
  CHECK(results.trials().size() == 20);
  const std::set<int> front = ids(results.front());
  CHECK(!front.empty());
  CHECK(front == brute_front(results));

  std::ostringstream table;
  results.print(table);
  CHECK(table.str().find(" front ") != std::string::npos);
  const std::string csv = results.csv();
  CHECK(csv.substr(0, csv.find('\n')).find(",size_bytes,front") != std::string::npos);

  const Results loaded = Results::load(dir);
  REQUIRE(loaded.objectives().size() == 2);
  CHECK(loaded.objectives().specs()[1].name == "size_bytes");
  CHECK(loaded.objectives().metric() == "val_accuracy");

  // The Pareto figure: every completed trial, the front's trials in order of val_accuracy.
  plot::SearchRecord record{dir, results, "random", Json::object(), 4};
  const std::optional<plot::Figure> figure = plot::pareto_figure(record);
  REQUIRE(figure);
  REQUIRE(figure->data.size() == 2);
  CHECK(figure->data[1].name == "pareto_front.csv");
  const std::string& line = figure->data[1].contents;
  CHECK(static_cast<size_t>(std::count(line.begin(), line.end(), '\n')) == front.size() + 1);
  CHECK(figure->commands.find("'pareto_front.csv'") != std::string::npos);
}

TEST_CASE("GP with two objectives (ParEGO): distinct proposals, the same on a second run, a front") {
  auto run = [](const std::string& name) {
    AccuracyAndSize inner;
    MultiObjective objective(inner, accuracy_and_size());
    Study study(space(), objective, {.repo_dir = fresh_dir(name), .seed = 9});
    BayesianSearch gp({.n_calls = 14, .n_initial_points = 5, .n_candidates = 200});
    return study.run(gp, 3);
  };
  const Results first = run("multi_objective_gp_a");
  const Results second = run("multi_objective_gp_b");
  std::set<std::string> keys;
  for (const Trial& t : first.trials()) keys.insert(t.params.key());
  CHECK(keys.size() == 14);
  for (size_t i = 0; i < first.trials().size(); ++i)
    CHECK(first.trials()[i].params.key() == second.trials()[i].params.key());
  CHECK(ids(first.front()) == brute_front(first));
  CHECK(first.front().size() >= 2);
}

TEST_CASE("Hyperband with two objectives promotes each rung in NSGA-II's crowded order") {
  AccuracyAndSize inner;
  ObjectiveList objectives = accuracy_and_size();
  MultiObjective objective(inner, objectives);
  Study study(space(), objective, {.repo_dir = fresh_dir("multi_objective_hyperband"), .seed = 2});
  Hyperband hyperband({.R = 9, .eta = 3});
  const Results results = study.run(hyperband);
  objectives.set_metric("val_accuracy");
  int promotions = 0;
  for (const Trial& t : results.trials()) {
    if (t.rung != 0) continue;
    // Rung 0 of t's bracket, its crowded order, and the configurations of rung 1.
    std::vector<const Trial*> rung0, rung1;
    for (const Trial& u : results.trials()) {
      if (u.bracket == t.bracket && u.rung == 0) rung0.push_back(&u);
      if (u.bracket == t.bracket && u.rung == 1) rung1.push_back(&u);
    }
    if (rung1.empty() || rung0.front()->id != t.id) continue;
    // Hyperband's order before ranking: by loss, then id (ties of crowding distance keep it).
    std::sort(rung0.begin(), rung0.end(), [](const Trial* a, const Trial* b) { return better(*a, *b); });
    std::vector<ObjectivePoint> points;
    for (const Trial* u : rung0) points.push_back(*objectives.point(*u));
    std::set<std::string> expected, promoted;
    const std::vector<size_t> order = crowded_order(points);
    for (size_t k = 0; k < rung1.size(); ++k) expected.insert(rung0[order[k]]->params.key());
    for (const Trial* u : rung1) promoted.insert(u->params.key());
    CHECK(promoted == expected);
    ++promotions;
  }
  CHECK(promotions >= 2);
}

// A search killed two thirds of the way in (its journal cut there) resumes
// to the same trials and front as the search that ran through.
template <class Search>
void check_kill_and_resume(const std::string& name, Search search) {
  auto run = [&](const std::filesystem::path& dir) {
    AccuracyAndSize inner;
    MultiObjective objective(inner, accuracy_and_size());
    Study study(space(), objective, {.repo_dir = dir, .seed = 9});
    return search(study);
  };
  const auto whole_dir = fresh_dir(name + "_whole");
  const Results whole = run(whole_dir);
  const std::vector<Json> events = Journal::read(whole_dir);
  const auto killed = fresh_dir(name + "_killed");
  {
    Journal journal(killed);
    for (size_t i = 0; i < events.size() * 2 / 3; ++i) journal.append(events[i]);
  }
  const Results resumed = run(killed);
  REQUIRE(resumed.trials().size() == whole.trials().size());
  for (size_t i = 0; i < whole.trials().size(); ++i)
    CHECK(resumed.trials()[i].params.key() == whole.trials()[i].params.key());
  CHECK(ids(resumed.front()) == ids(whole.front()));
}

TEST_CASE("two objectives: GP (ParEGO) and Hyperband resume a killed search as if it had not stopped") {
  check_kill_and_resume("multi_objective_resume_gp", [](Study& study) {
    BayesianSearch gp({.n_calls = 12, .n_initial_points = 4, .n_candidates = 200});
    return study.run(gp, 3);
  });
  check_kill_and_resume("multi_objective_resume_hyperband", [](Study& study) {
    Hyperband hyperband({.R = 9, .eta = 3});
    return study.run(hyperband);
  });
}
