// search constraints on quantities known before training: a synthetic
// objective whose "size" is known in closed form (size = 100 n + 10 x), bounded
// above, under random search, grid search, the GP and Hyperband. Infeasible
// configurations are recorded with the reason, never trained and never best;
// random, GP and Hyperband propose feasible ones; a constraint on an unknown
// quantity is refused before anything runs; the attributes are journaled,
// shown and resumed.
#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/config/json.hpp"
#include "tuner/proposers/bayesian_search.hpp"
#include "tuner/proposers/grid_search.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/constraints.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;

namespace {

using testing::fresh_dir;

constexpr double kMaxSize = 500;

double size_of(const Params& hp) { return 100.0 * static_cast<double>(hp.integer("n")) + 10.0 * hp.real("x"); }

// loss = (x - 7)^2 + (n - 6)^2: its minimum (size 670) breaks the bound, so the
// best feasible configuration lies on the bound. Counts what it trains.
class SizedObjective : public Objective {
 public:
  std::string metric() const override { return "value"; }
  Direction direction() const override { return Direction::Minimize; }
  Score evaluate(const Params& hp, TrialContext&) override {
    trained.push_back(hp);
    return {std::pow(hp.real("x") - 7, 2) + std::pow(static_cast<double>(hp.integer("n")) - 6, 2), {}, ""};
  }
  std::vector<std::string> attribute_names() const override { return {"size"}; }
  Attributes trial_attributes(const Params& hp) const override { return {{"size", size_of(hp)}}; }

  std::vector<Params> trained;
};

Space space() { return Space{Real("x", 0.0, 10.0), Integer("n", 1, 8)}; }

Constraints size_at_most(double max) {
  Constraints c;
  c.add("size", {.min = std::nullopt, .max = max});
  return c;
}

StudyOptions options(const std::string& dir, std::uint64_t seed = 3) {
  return {.repo_dir = fresh_dir(dir), .seed = seed, .constraints = size_at_most(kMaxSize)};
}

// Every trained configuration is feasible, every infeasible trial is recorded
// with the reason and was never trained, the best is feasible.
void check_constrained(const Results& results, const SizedObjective& objective) {
  for (const Params& hp : objective.trained) CHECK(size_of(hp) <= kMaxSize);
  std::set<std::string> trained;
  for (const Params& hp : objective.trained) trained.insert(hp.key());
  for (const Trial& t : results.trials()) {
    REQUIRE(t.attributes.size() == 1);
    CHECK(t.attributes[0].first == "size");
    CHECK(t.attributes[0].second == doctest::Approx(size_of(t.params)));
    if (t.status == TrialStatus::Infeasible) {
      CHECK(t.attributes[0].second > kMaxSize);
      CHECK(t.failure.find("size ") == 0);
      CHECK(t.failure.find(" > max 500") != std::string::npos);
      CHECK(!t.value);
      CHECK(trained.count(t.params.key()) == 0);
    } else {
      CHECK(t.attributes[0].second <= kMaxSize);
    }
  }
  REQUIRE(results.has_best());
  CHECK(size_of(results.best().params) <= kMaxSize);
}

int infeasible_count(const Results& results) {
  int n = 0;
  for (const Trial& t : results.trials()) n += t.status == TrialStatus::Infeasible;
  return n;
}

}  // namespace

TEST_CASE("constraints: bounds read from JSON, violations named with the value and the bound") {
  const Constraints c = Constraints::from_json(Json::parse(R"({"size": {"max": 500}, "cost": {"min": 2, "max": 4}})"),
                                               "search.constraints");
  CHECK(c.violation({{"size", 500}, {"cost", 3}}) == "");
  CHECK(c.violation({{"size", 670}, {"cost", 3}}) == "size 670 > max 500");
  CHECK(c.violation({{"size", 10}, {"cost", 1.5}}) == "cost 1.5 < min 2");
  CHECK(c.violation({{"size", 10}}) == "cost unknown for this configuration");
  CHECK(Constraints::from_json(c.to_json(), "x").to_json() == c.to_json());
  CHECK_THROWS_WITH_AS(c.check_known({"size"}, "search.constraints"),
                       "search.constraints.cost: unknown quantity; known: size", Error);
  CHECK_THROWS_WITH_AS(Constraints::from_json(Json::parse(R"({"size": {"max": "big"}})"), "search.constraints"),
                       doctest::Contains("search.constraints.size.max: expected a number"), Error);
  CHECK_THROWS_WITH_AS(Constraints::from_json(Json::parse(R"({"size": {"below": 3}})"), "search.constraints"),
                       doctest::Contains("search.constraints.size: unknown field 'below'"), Error);
  CHECK_THROWS_WITH_AS(Constraints::from_json(Json::parse(R"({"size": {"min": 5, "max": 3}})"), "search.constraints"),
                       "search.constraints.size: min 5 is above max 3", Error);
}

TEST_CASE("constraints: random search draws again and trains only feasible configurations, reproducibly") {
  SizedObjective objective;
  Study study(space(), objective, options("constraints_random"));
  RandomSearch random({.n_trials = 20});
  const Results results = study.run(random, 1);
  check_constrained(results, objective);
  CHECK(infeasible_count(results) == 0);
  CHECK(objective.trained.size() == 20);

  SizedObjective again;
  Study study2(space(), again, options("constraints_random_again"));
  RandomSearch random2({.n_trials = 20});
  study2.run(random2, 1);
  REQUIRE(again.trained.size() == objective.trained.size());
  for (size_t i = 0; i < again.trained.size(); ++i) CHECK(again.trained[i].key() == objective.trained[i].key());
}

TEST_CASE("constraints: grid search records its infeasible points untrained, and the search goes on past them") {
  SizedObjective objective;
  Study study(space(), objective, options("constraints_grid"));
  // n = 6 and 8 break the bound at every x: 6 infeasible points in a row, more
  // than max_consecutive_failed_trials, which infeasible points do not count towards.
  GridSearch grid({.points = 3, .values = {{"n", {int64_t{2}, int64_t{4}, int64_t{6}, int64_t{8}}}}});
  const Results results = study.run(grid, 1);
  check_constrained(results, objective);
  CHECK(results.trials().size() == 12);
  int expected_infeasible = 0;
  for (const Trial& t : results.trials()) expected_infeasible += size_of(t.params) > kMaxSize;
  CHECK(expected_infeasible == 6);  // n = 4, x = 10 (size 500) is on the bound: feasible
  CHECK(infeasible_count(results) == expected_infeasible);
  CHECK(objective.trained.size() == 12 - 6);
  // Ranked after every trained trial.
  const auto ranked = results.ranked();
  CHECK(ranked.back()->status == TrialStatus::Infeasible);
  CHECK(ranked.front()->status == TrialStatus::Completed);
}

TEST_CASE("constraints: the GP skips infeasible candidates in its acquisition search") {
  SizedObjective objective;
  Study study(space(), objective, options("constraints_gp"));
  BayesianSearch gp({.n_calls = 14, .n_initial_points = 5, .n_candidates = 500});
  const Results results = study.run(gp, 1);
  check_constrained(results, objective);
  CHECK(infeasible_count(results) == 0);
  CHECK(objective.trained.size() == 14);
  // The constrained optimum: n = 5, x = 0 (loss 50) or n = 4, x = 10 (loss 13):
  // the GP finds a configuration at least as good as n = 4 with x >= 8.
  CHECK(results.best().loss <= 4 + 1 + 1e-9);
}

TEST_CASE("constraints: GpAskTell proposes only feasible cube points") {
  const CubeLayout layout = CubeLayout::continuous(2);
  GpAskTell opt(layout, {.n_initial_points = 4, .n_candidates = 300}, Rng(11));
  opt.set_feasible([](const Eigen::VectorXd& u) { return u[0] + u[1] <= 0.6; });
  for (int call = 0; call < 12; ++call) {
    const std::optional<Eigen::VectorXd> u = opt.ask();
    REQUIRE(u);
    CHECK((*u)[0] + (*u)[1] <= 0.6);
    opt.tell(*u, std::pow((*u)[0] - 0.9, 2) + std::pow((*u)[1] - 0.9, 2));
  }
}

TEST_CASE("constraints: Hyperband's random sampling proposes feasible configurations only") {
  SizedObjective objective;
  Study study(space(), objective, options("constraints_hyperband"));
  Hyperband hyperband({.R = 9, .eta = 3});
  const Results results = study.run(hyperband);
  check_constrained(results, objective);
  CHECK(infeasible_count(results) == 0);
  CHECK(objective.trained.size() == results.trials().size());
}

TEST_CASE("constraints: a bound on a quantity the objective does not know is refused before anything runs") {
  SizedObjective objective;
  StudyOptions o = options("constraints_unknown");
  o.constraints.add("flash", {.min = std::nullopt, .max = 1.0});
  CHECK_THROWS_WITH_AS(Study(space(), objective, o), "constraints.flash: unknown quantity; known: size", Error);
  CHECK(objective.trained.empty());
}

TEST_CASE("constraints: attributes and infeasible trials are journaled, shown, and a search resumes") {
  SizedObjective objective;
  StudyOptions o = options("constraints_resume");
  {
    Study study(space(), objective, o);
    GridSearch grid({.points = 2, .values = {{"n", {int64_t{3}, int64_t{7}}}}});
    study.run(grid, 1);
  }
  const Results loaded = Results::load(o.repo_dir);
  CHECK(loaded.attribute_names() == std::vector<std::string>{"size"});
  CHECK(infeasible_count(loaded) == 2);
  std::ostringstream table;
  loaded.print(table);
  CHECK(table.str().find("size") != std::string::npos);
  CHECK(table.str().find("infeasible: size 700 > max 500") != std::string::npos);
  const std::string csv = loaded.csv();
  CHECK(csv.substr(0, csv.find('\n')).find(",size") != std::string::npos);

  // Resumed: nothing trains again, the recorded trials are as they were.
  const size_t trained = objective.trained.size();
  Study again(space(), objective, o);
  GridSearch grid({.points = 2, .values = {{"n", {int64_t{3}, int64_t{7}}}}});
  const Results resumed = again.run(grid, 1);
  CHECK(objective.trained.size() == trained);
  CHECK(resumed.csv() == loaded.csv());

  // Other constraints on the same repo_dir: refused, naming them.
  StudyOptions other = o;
  other.constraints = size_at_most(900);
  Study refused(space(), objective, other);
  GridSearch grid2({.points = 2, .values = {{"n", {int64_t{3}, int64_t{7}}}}});
  CHECK_THROWS_WITH_AS(refused.run(grid2, 1), doctest::Contains("another constraints"), Error);
}

TEST_CASE("constraints: a study without constraints records no attributes of an objective without any") {
  FunctionObjective plain([](const Params& hp, int, TrialContext&) { return hp.real("x"); });
  const std::filesystem::path dir = fresh_dir("constraints_none");
  Study study(space(), plain, {.repo_dir = dir, .seed = 1});
  RandomSearch random({.n_trials = 3});
  const Results results = study.run(random, 1);
  for (const Trial& t : results.trials()) CHECK(t.attributes.empty());
  CHECK(results.attribute_names().empty());
  for (const Json& e : Journal::read(dir))
    CHECK(!e.contains("attributes"));
}
