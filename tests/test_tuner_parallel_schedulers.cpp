// Schedulers with several trials running at once (scheduler.hpp's contract):
// a simulated parallel engine hands out up to W trials and tells them in a
// shuffled order. Hyperband keeps the serial survivors at every rung, grid and
// random search hand out everything once, ASHA promotes by its rule (a serial
// sequence computed by hand), a GP proposes distinct points around pending
// ones (constant liar), and every run replays exactly from its record (ASHA
// also from a Study's journal cut anywhere).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/config/search_config.hpp"
#include "tuner/proposers/bayesian_search.hpp"
#include "tuner/proposers/bohb_proposer.hpp"
#include "tuner/proposers/gp/gp_ask_tell.hpp"
#include "tuner/proposers/grid_search.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/schedulers/asha.hpp"
#include "tuner/schedulers/fixed_budget.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;

namespace {

Space plane() { return Space{Real("x", 0.0, 1.0), Real("y", 0.0, 1.0)}; }

// A deterministic multi-fidelity loss whose ranking changes with the budget;
// +infinity (a failed trial) in a corner when `failures` is set.
double synthetic_loss(const Params& hp, int budget, bool failures) {
  const double x = hp.real("x"), y = hp.real("y");
  if (failures && x < 0.1 && y < 0.5) return std::numeric_limits<double>::infinity();
  return std::pow(x - 0.3, 2) + std::pow(y - 0.6, 2) + std::sin(37 * x + 11 * y) / budget;
}

// One call of the engine on the scheduler, as a journal would record it.
struct Step {
  bool tell = false;
  Trial trial;
};

struct SimRun {
  std::vector<Trial> finished;  // in tell order
  std::vector<Step> steps;
  int max_running = 0;
  int max_active_brackets = 0;
  std::optional<long> remaining_at_end;
};

// Keeps up to `workers` trials running; finishes a random one of them at a
// time (the shuffled order of a real cluster), tells it, and asks again.
SimRun simulate(Scheduler& scheduler, const Space& space, int workers, uint64_t seed, bool failures = false) {
  SimRun run;
  scheduler.start(space, Rng(seed), Direction::Minimize);
  Rng finish_order(seed, /*stream=*/99);
  std::vector<Trial> running;
  std::set<int> told_ids;
  int next_id = 0;
  for (;;) {
    while (static_cast<int>(running.size()) < workers) {
      std::optional<TrialSpec> spec = scheduler.next();
      if (!spec) break;
      Trial t = spec->trial(next_id++);
      if (t.resumed_from) CHECK(told_ids.count(*t.resumed_from) == 1);  // continues a finished trial
      running.push_back(t);
      run.steps.push_back({false, t});
    }
    CHECK(scheduler.pending() == static_cast<int>(running.size()));
    run.max_running = std::max(run.max_running, static_cast<int>(running.size()));
    if (auto* hb = dynamic_cast<Hyperband*>(&scheduler))
      run.max_active_brackets = std::max(run.max_active_brackets, hb->active_brackets());
    if (running.empty()) break;  // nothing pending and nothing to start: the search is over
    const size_t i = finish_order.below(running.size());
    Trial t = running[i];
    running.erase(running.begin() + static_cast<long>(i));
    t.loss = synthetic_loss(t.params, t.budget, failures);
    t.status = std::isfinite(t.loss) ? TrialStatus::Completed : TrialStatus::Failed;
    if (t.ok()) t.value = t.loss;
    scheduler.tell(t);
    told_ids.insert(t.id);
    run.finished.push_back(t);
    run.steps.push_back({true, t});
  }
  run.remaining_at_end = scheduler.remaining_budget();
  return run;
}

// Resume by replay: a fresh scheduler given the recorded next_recorded() and
// tell() calls in order hands out the same trials, and then has nothing left.
void check_replay(Scheduler& fresh, const Space& space, uint64_t seed, const SimRun& run) {
  fresh.start(space, Rng(seed), Direction::Minimize);
  for (const Step& step : run.steps) {
    if (step.tell) {
      fresh.tell(step.trial);
      continue;
    }
    std::optional<TrialSpec> spec = fresh.next_recorded(step.trial);
    REQUIRE(spec.has_value());
    CHECK(spec->params.key() == step.trial.params.key());
    CHECK(spec->budget == step.trial.budget);
    CHECK(spec->initial_epoch == step.trial.initial_epoch);
    CHECK(spec->rung == step.trial.rung);
    CHECK(spec->bracket == step.trial.bracket);
    CHECK(spec->resumed_from == step.trial.resumed_from);
  }
  CHECK_FALSE(fresh.next().has_value());
  CHECK(fresh.pending() == 0);
}

using RungKey = std::pair<int, int>;  // (bracket s, rung)

// The configurations evaluated at each (bracket, rung).
std::map<RungKey, std::set<std::string>> configurations_by_rung(const std::vector<Trial>& trials) {
  std::map<RungKey, std::set<std::string>> out;
  for (const Trial& t : trials) out[{t.bracket, t.rung}].insert(t.params.key());
  return out;
}

// No configuration is evaluated twice at one rung.
void check_once_per_rung(const std::vector<Trial>& trials) {
  std::set<std::pair<std::string, int>> seen;
  for (const Trial& t : trials) CHECK(seen.insert({t.params.key(), t.rung}).second);
}

std::unique_ptr<Hyperband> hyperband(HyperbandOptions options) { return std::make_unique<Hyperband>(options); }

}  // namespace

TEST_CASE("Hyperband with 3 and 8 workers keeps the serial survivors at every rung") {
  for (uint64_t seed : {1u, 2u}) {
    for (bool failures : {false, true}) {
      CAPTURE(seed);
      CAPTURE(failures);
      const HyperbandOptions options{.R = 27, .eta = 3};
      auto serial_hb = hyperband(options);
      const SimRun serial = simulate(*serial_hb, plane(), 1, seed, failures);
      const auto expected = configurations_by_rung(serial.finished);
      CHECK(serial.max_active_brackets == 1);

      const HyperbandSchedule& schedule = serial_hb->schedule();
      for (const Bracket& b : schedule.brackets) {
        CHECK(expected.at({b.s, 0}).size() == static_cast<size_t>(b.rungs[0].models));
        if (!failures)
          for (int i = 1; i <= b.s; ++i)
            CHECK(expected.at({b.s, i}).size() == static_cast<size_t>(b.rungs[i].models));
      }
      if (!failures) CHECK(serial.remaining_at_end == 0L);

      for (int workers : {3, 8}) {
        CAPTURE(workers);
        auto hb = hyperband(options);
        const SimRun parallel = simulate(*hb, plane(), workers, seed, failures);
        CHECK(parallel.max_running == workers);
        CHECK(parallel.max_active_brackets > 1);  // brackets overlapped while rungs waited
        CHECK(configurations_by_rung(parallel.finished) == expected);
        CHECK(parallel.finished.size() == serial.finished.size());
        check_once_per_rung(parallel.finished);
        if (!failures) CHECK(parallel.remaining_at_end == 0L);
        for (const Trial& t : parallel.finished)
          if (t.rung > 0)
            CHECK(t.initial_epoch == schedule.brackets[static_cast<size_t>(schedule.s_max - t.bracket)]
                                         .rungs[static_cast<size_t>(t.rung - 1)]
                                         .epochs);
        auto fresh = hyperband(options);
        check_replay(*fresh, plane(), seed, parallel);
      }
    }
  }
}

TEST_CASE("Hyperband's survivors: failed trials never go on, in parallel as serially") {
  auto hb = hyperband({.R = 9, .eta = 3});
  const SimRun run = simulate(*hb, plane(), 5, 3, /*failures=*/true);
  std::map<int, const Trial*> by_id;
  for (const Trial& t : run.finished) by_id[t.id] = &t;
  int failed = 0;
  for (const Trial& t : run.finished) {
    if (!t.ok()) ++failed;
    if (t.resumed_from) CHECK(by_id.at(*t.resumed_from)->ok());
  }
  CHECK(failed > 0);
}

TEST_CASE("Hyperband over iterations and with a BOHB proposer: every configuration once per rung, exact replay") {
  SUBCASE("two iterations of the schedule, random proposals") {
    const HyperbandOptions options{.R = 9, .eta = 3, .iterations = 2};
    auto serial_hb = hyperband(options);
    const SimRun serial = simulate(*serial_hb, plane(), 1, 5);
    auto hb = hyperband(options);
    const SimRun parallel = simulate(*hb, plane(), 6, 5);
    CHECK(configurations_by_rung(parallel.finished) == configurations_by_rung(serial.finished));
    check_once_per_rung(parallel.finished);
    auto fresh = hyperband(options);
    check_replay(*fresh, plane(), 5, parallel);
  }
  SUBCASE("model-based proposals (other configurations than serially, same shape)") {
    auto make = [] { return std::make_unique<Hyperband>(HyperbandOptions{.R = 9, .eta = 3},
                                                        std::make_unique<BohbProposer>(BohbOptions{.n_candidates = 200})); };
    auto hb = make();
    const SimRun parallel = simulate(*hb, plane(), 4, 7);
    check_once_per_rung(parallel.finished);
    std::map<RungKey, size_t> sizes;
    for (const auto& [rung, configs] : configurations_by_rung(parallel.finished)) sizes[rung] = configs.size();
    for (const Bracket& b : hb->schedule().brackets)
      for (int i = 0; i <= b.s; ++i) CHECK(sizes[{b.s, i}] == static_cast<size_t>(b.rungs[i].models));
    auto fresh = make();
    check_replay(*fresh, plane(), 7, parallel);
  }
}

TEST_CASE("Hyperband: a tell it did not hand out is refused, naming the trial") {
  Hyperband hb({.R = 9, .eta = 3});
  hb.start(plane(), Rng(1), Direction::Minimize);
  std::optional<TrialSpec> spec = hb.next();
  REQUIRE(spec);
  Trial t = spec->trial(0);
  t.rung = 1;  // no such trial handed out at rung 1
  t.loss = 1;
  t.status = TrialStatus::Completed;
  CHECK_THROWS_WITH_AS(hb.tell(t), doctest::Contains("did not hand out"), Error);
  t.rung = 0;
  hb.tell(t);
  CHECK_THROWS_AS(hb.tell(t), Error);  // told twice
}

TEST_CASE("Grid and random search under parallel workers: every configuration handed out exactly once") {
  const Space space{Integer("a", 0, 3), Categorical("b", {"p", "q", "r"})};
  GridSearch grid({.points = 4});
  FixedBudget grid_scheduler(grid, 2);
  const SimRun grid_run = [&] {  // this space has no x and y: every trial scores 1
    SimRun run;
    grid_scheduler.start(space, Rng(1), Direction::Minimize);
    std::vector<TrialSpec> running;
    std::set<std::string> keys;
    int n = 0;
    for (;;) {
      while (running.size() < 5)
        if (auto spec = grid_scheduler.next()) running.push_back(*spec); else break;
      CHECK(grid_scheduler.pending() == static_cast<int>(running.size()));
      if (running.empty()) break;
      Trial t = running.back().trial(n++);
      running.pop_back();
      t.loss = 1;
      t.status = TrialStatus::Completed;
      grid_scheduler.tell(t);
      CHECK(keys.insert(t.params.key()).second);
      run.finished.push_back(t);
    }
    return run;
  }();
  CHECK(grid_run.finished.size() == 12);

  RandomSearch random({.n_trials = 17});
  FixedBudget random_scheduler(random, 1);
  const SimRun random_run = simulate(random_scheduler, plane(), 4, 11);
  CHECK(random_run.finished.size() == 17);
  check_once_per_rung(random_run.finished);
  RandomSearch random_again({.n_trials = 17});
  FixedBudget fresh(random_again, 1);
  check_replay(fresh, plane(), 11, random_run);
}

TEST_CASE("ASHA serially: the promotion sequence computed by hand") {
  // Nine configurations c = 0..8 from a grid, in order; rungs of 1, 3, 9 epochs.
  const Space space{Integer("c", 0, 8)};
  std::vector<Value> values;
  for (std::int64_t c = 0; c <= 8; ++c) values.push_back(c);
  Asha asha({.min_epochs = 1, .max_epochs = 9, .eta = 3, .max_trials = 9},
            std::make_unique<GridSearch>(GridOptions{.values = {{"c", values}}}));
  CHECK(asha.rung_epochs() == std::vector<int>{1, 3, 9});
  const std::map<std::pair<int, int>, double> loss = {  // (c, rung) -> loss
      {{0, 0}, 0.5}, {{1, 0}, 0.2}, {{2, 0}, 0.9}, {{3, 0}, 0.1}, {{4, 0}, 0.4}, {{5, 0}, 0.3},
      {{6, 0}, 0.05}, {{7, 0}, 0.8}, {{8, 0}, 0.6}, {{1, 1}, 0.15}, {{3, 1}, 0.12}, {{6, 1}, 0.3},
      {{3, 2}, 0.11}};
  // After each tell (n_k told at rung k, top floor(n_k / 3) of them):
  //   c0 c1 c2 drawn; rung 0 has 3: c1 (0.2) is its top 1 -> rung 1 (continues trial 1);
  //   c3 drawn (0.1); rung 0 has 4: top 1 = c3 -> rung 1 (continues trial 4);
  //   c4, c5 drawn: rung 0's top 1 (c3) went on already; c6 drawn (0.05): rung 0 has 7,
  //   top 2 = c6, c3 -> c6 goes on (continues trial 8); rung 1 then has 3: top 1 = c3
  //   (0.12) -> rung 2 (continues trial 5); c7, c8 drawn; rung 0's top 3 (c6, c3, c1)
  //   all went on and 9 configurations were drawn: nullopt, nothing pending: the end.
  struct Expected {
    int c, rung, budget, initial_epoch;
    std::optional<int> resumed_from;
  };
  const std::vector<Expected> expected = {
      {0, 0, 1, 0, {}}, {1, 0, 1, 0, {}}, {2, 0, 1, 0, {}}, {1, 1, 3, 1, 1}, {3, 0, 1, 0, {}},
      {3, 1, 3, 1, 4},  {4, 0, 1, 0, {}}, {5, 0, 1, 0, {}}, {6, 0, 1, 0, {}}, {6, 1, 3, 1, 8},
      {3, 2, 9, 3, 5},  {7, 0, 1, 0, {}}, {8, 0, 1, 0, {}}};
  asha.start(space, Rng(1), Direction::Minimize);
  for (size_t id = 0; id < expected.size(); ++id) {
    CAPTURE(id);
    std::optional<TrialSpec> spec = asha.next();
    REQUIRE(spec);
    const Expected& e = expected[id];
    CHECK(spec->params.integer("c") == e.c);
    CHECK(spec->rung == e.rung);
    CHECK(spec->bracket == 0);
    CHECK(spec->budget == e.budget);
    CHECK(spec->initial_epoch == e.initial_epoch);
    CHECK(spec->resumed_from == e.resumed_from);
    Trial t = spec->trial(static_cast<int>(id));
    t.loss = loss.at({e.c, e.rung});
    t.status = TrialStatus::Completed;
    asha.tell(t);
  }
  CHECK_FALSE(asha.next().has_value());
  CHECK(asha.pending() == 0);
  CHECK(asha.drawn() == 9);
}

TEST_CASE("ASHA in parallel: promotions from finished top trials only, failed ones never, exact replay") {
  const AshaOptions options{.min_epochs = 1, .max_epochs = 27, .eta = 3, .max_trials = 40};
  for (int workers : {1, 4, 9}) {
    CAPTURE(workers);
    Asha asha(options);
    const SimRun run = simulate(asha, plane(), workers, 13, /*failures=*/true);
    check_once_per_rung(run.finished);
    CHECK(asha.drawn() == 40);
    std::map<int, const Trial*> by_id;
    for (const Trial& t : run.finished) by_id[t.id] = &t;
    // Each continuation resumes its configuration's trial one rung down, which succeeded.
    std::map<int, std::vector<const Trial*>> rungs;
    for (const Trial& t : run.finished) {
      rungs[t.rung].push_back(&t);
      CHECK(t.budget == asha.rung_epochs()[static_cast<size_t>(t.rung)]);
      if (t.rung == 0) continue;
      REQUIRE(t.resumed_from);
      const Trial& parent = *by_id.at(*t.resumed_from);
      CHECK(parent.ok());
      CHECK(parent.rung == t.rung - 1);
      CHECK(parent.params.key() == t.params.key());
      CHECK(t.initial_epoch == parent.budget);
    }
    // At the end, the top floor(n_k / eta) successful trials of every rung went on.
    for (int k = 0; k + 1 < static_cast<int>(asha.rung_epochs().size()); ++k) {
      std::vector<const Trial*> rung = rungs[k];
      std::sort(rung.begin(), rung.end(), [](const Trial* a, const Trial* b) { return better(*a, *b); });
      std::set<std::string> next_rung;
      for (const Trial* t : rungs[k + 1]) next_rung.insert(t->params.key());
      for (size_t i = 0; i < rung.size() / 3; ++i)
        if (rung[i]->ok()) CHECK(next_rung.count(rung[i]->params.key()) == 1);
    }
    CHECK(rungs[3].size() >= 1);  // someone reached 27 epochs
    Asha fresh(options);
    check_replay(fresh, plane(), 13, run);
  }
}

TEST_CASE("ASHA: options, settings, plan and the config's \"asha\" algorithm") {
  CHECK_THROWS_AS(Asha({.min_epochs = 0}), Error);
  CHECK_THROWS_AS(Asha({.min_epochs = 5, .max_epochs = 4}), Error);
  CHECK_THROWS_AS(Asha({.eta = 1}), Error);
  CHECK_THROWS_AS(Asha({.max_trials = 0}), Error);
  CHECK(Asha({.min_epochs = 2, .max_epochs = 20, .eta = 3}).rung_epochs() == std::vector<int>{2, 6, 18});
  CHECK(Asha({.min_epochs = 1, .max_epochs = 1}).rung_epochs() == std::vector<int>{1});

  SearchPlan plan = make_search(Json{{"algorithm", "asha"}, {"min_epochs", 1}, {"max_epochs", 27}, {"eta", 3},
                                     {"max_trials", 20}});
  REQUIRE(plan.scheduler);
  CHECK(plan.scheduler->name() == "asha");
  const Json settings = plan.scheduler->settings();
  CHECK(settings.at("max_epochs") == 27);
  CHECK(settings.at("max_trials") == 20);
  CHECK(settings.at("proposer").at("name") == "random");
  std::ostringstream plan_text;
  plan.scheduler->print_plan(plan_text);
  CHECK(plan_text.str().find("rung epochs 1 3 9 27") != std::string::npos);

  SearchPlan with_r = make_search(Json{{"algorithm", "asha"}, {"R", 9}});
  CHECK(with_r.scheduler->settings().at("max_epochs") == 9);
  CHECK_THROWS_WITH_AS(make_search(Json{{"algorithm", "asha"}, {"R", 9}, {"max_epochs", 9}}),
                       doctest::Contains("search.R"), Error);
  CHECK_THROWS_WITH_AS(make_search(Json{{"algorithm", "asha"}, {"epochs", 9}}), doctest::Contains("epochs"), Error);
}

TEST_CASE("GP search in parallel: distinct initial points without a model, n_calls counts pending asks") {
  BayesianSearch gp({.n_calls = 8, .n_initial_points = 3, .n_candidates = 500});
  FixedBudget scheduler(gp, 1);
  scheduler.start(plane(), Rng(3), Direction::Minimize);
  std::set<std::string> keys;
  for (int i = 0; i < 3; ++i) {
    std::optional<TrialSpec> spec = scheduler.next();
    REQUIRE(spec);
    CHECK(keys.insert(spec->params.key()).second);
  }
  CHECK(gp.optimizer().model() == nullptr);  // the initial design needs no model
  CHECK(scheduler.pending() == 3);

  BayesianSearch gp_again({.n_calls = 8, .n_initial_points = 3, .n_candidates = 500});
  FixedBudget parallel(gp_again, 1);
  const SimRun run = simulate(parallel, plane(), 4, 3);
  CHECK(run.finished.size() == 8);  // n_calls configurations in all, pending ones counted
  check_once_per_rung(run.finished);
  BayesianSearch gp_fresh({.n_calls = 8, .n_initial_points = 3, .n_candidates = 500});
  FixedBudget fresh(gp_fresh, 1);
  check_replay(fresh, plane(), 3, run);
}

TEST_CASE("GP constant liar: pending points join the model at the best loss, and proposals keep away from them") {
  GpAskTell opt(CubeLayout::continuous(1), {.n_initial_points = 5, .n_candidates = 500}, Rng(21));
  auto f = [](const Eigen::VectorXd& u) { return std::pow(u[0] - 0.3, 2); };
  double best = std::numeric_limits<double>::infinity();
  for (int i = 0; i < 5; ++i) {
    Eigen::VectorXd u = *opt.ask();
    opt.tell(u, f(u));
    best = std::min(best, f(u));
  }
  // Two proposals pending, then two more asked while they are.
  std::vector<Eigen::VectorXd> pending = {*opt.ask(), *opt.ask()};
  for (int ask = 0; ask < 2; ++ask) {
    const Eigen::VectorXd u = *opt.ask();
    for (const Eigen::VectorXd& p : pending) CHECK(std::abs(u[0] - p[0]) > 0.02);  // away, not just beside
    // The GP saw the 5 told values plus every pending point, at the best told loss.
    const GaussianProcess& model = *opt.model();
    REQUIRE(model.n_points() == 5 + static_cast<int>(pending.size()));
    for (size_t k = 0; k < pending.size(); ++k) {
      const auto row = static_cast<Eigen::Index>(5 + k);
      CHECK(model.y_train()[row] == best);
      CHECK((model.x_train().row(row).transpose() - pending[k]).norm() < 1e-12);
    }
    pending.push_back(u);
  }
}

TEST_CASE("ASHA in a Study: journaled with its settings, and a journal cut anywhere resumes to the same table") {
  int calls = 0;
  auto search = [&calls](const std::filesystem::path& repo) {
    FunctionObjective objective([&calls](const Params& hp, int budget, TrialContext&) {
      ++calls;
      return synthetic_loss(hp, budget, /*failures=*/false);
    });
    Asha asha({.min_epochs = 1, .max_epochs = 9, .eta = 3, .max_trials = 12});
    Study study(plane(), objective, {.repo_dir = repo, .seed = 17});
    return study.run(asha);
  };
  const std::filesystem::path reference_repo = tunet::testing::fresh_dir("asha_reference");
  const Results reference = search(reference_repo);
  const int reference_calls = calls;
  const std::vector<Json> events = Journal::read(reference_repo);
  REQUIRE(!events.empty());
  CHECK(events.front().at("algorithm").at("name") == "asha");
  CHECK(events.front().at("algorithm").at("settings").at("max_trials") == 12);
  int promoted = 0;
  for (const Trial& t : reference.trials()) promoted += t.resumed_from ? 1 : 0;
  CHECK(promoted >= 4);  // 12 at rung 0: the top 4 at least went on

  for (size_t keep : {events.size() / 3, events.size() / 2 + 1, events.size() * 4 / 5}) {
    CAPTURE(keep);
    const std::filesystem::path repo = tunet::testing::fresh_dir("asha_cut");
    {
      Journal journal(repo);
      for (size_t i = 0; i < keep; ++i) journal.append(events[i]);
    }
    calls = 0;
    const Results resumed = search(repo);
    CHECK(calls < reference_calls);
    REQUIRE(resumed.trials().size() == reference.trials().size());
    for (size_t i = 0; i < reference.trials().size(); ++i) {
      const Trial& a = resumed.trials()[i];
      const Trial& b = reference.trials()[i];
      CHECK(a.params == b.params);
      CHECK(a.budget == b.budget);
      CHECK(a.rung == b.rung);
      CHECK(a.resumed_from == b.resumed_from);
      CHECK(a.value == b.value);
    }
  }
}
