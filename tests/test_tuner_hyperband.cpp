// Hyperband: the schedules of Li et al. (JMLR 2018) as Hobbit prints them (both totals
// and Hobbit's printed table), and successive halving on objectives whose
// ordering is known.
#include <doctest/doctest.h>

#include <filesystem>
#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

// (models, epochs) per rung, bracket by bracket.
using Table = std::vector<std::vector<std::pair<int, int>>>;

Table table_of(const HyperbandSchedule& s) {
  Table t;
  for (const Bracket& b : s.brackets) {
    t.emplace_back();
    for (const Rung& r : b.rungs) t.back().emplace_back(r.models, r.epochs);
  }
  return t;
}

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::path(TUNET_BINARY_DIR) / "test_tmp" / name;
  fs::remove_all(dir);
  return dir;
}

}  // namespace

TEST_CASE("Hyperband schedule R=20, eta=3 (hyperband.md)") {
  HyperbandSchedule s = hyperband_schedule(20, 3);
  CHECK(s.s_max == 2);
  CHECK(table_of(s) == Table{{{9, 2}, {3, 7}, {1, 20}}, {{5, 7}, {1, 20}}, {{3, 20}}});
  CHECK(s.brackets[0].rungs[0].exact_budget == doctest::Approx(20.0 / 9));
  CHECK(s.total_from_scratch == 174);
  CHECK(s.total_continued == 154);
  CHECK(s.configurations == 17);
}

TEST_CASE("Hyperband schedule R=81, eta=3 (hyperband.md) and Hobbit's printed form") {
  HyperbandSchedule s = hyperband_schedule(81, 3);
  CHECK(s.s_max == 4);  // floating-point log would risk 3
  CHECK(table_of(s) == Table{{{81, 1}, {27, 3}, {9, 9}, {3, 27}, {1, 81}},
                             {{34, 3}, {11, 9}, {3, 27}, {1, 81}},
                             {{15, 9}, {5, 27}, {1, 81}},
                             {{8, 27}, {2, 81}},
                             {{5, 81}}});
  CHECK(s.total_from_scratch == 1902);
  CHECK(s.total_continued == 1581);

  std::ostringstream out;
  print_schedule(out, s);
  const std::string expected =
      "\trun=1\t\trun=2\t\trun=3\t\trun=4\t\trun=5\t\n"
      "\tmodels\tepochs\tmodels\tepochs\tmodels\tepochs\tmodels\tepochs\tmodels\tepochs\n"
      "Init\t81\t1\t34\t3\t15\t9\t8\t27\t5\t81\n"
      "Cont\t27\t3\t11\t9\t5\t27\t2\t81\n"
      "Cont\t9\t9\t3\t27\t1\t81\n"
      "Cont\t3\t27\t1\t81\n"
      "Cont\t1\t81\n";
  CHECK(out.str().find(expected) != std::string::npos);
  CHECK(out.str().find("Total epochs=1902\n") != std::string::npos);
  CHECK(out.str().find("Total epochs with continuation=1581") != std::string::npos);
}

TEST_CASE("Hyperband schedule: small R, powers and bad arguments") {
  CHECK(table_of(hyperband_schedule(1, 3)) == Table{{{1, 1}}});
  CHECK(hyperband_schedule(9, 3).s_max == 2);
  CHECK(hyperband_schedule(8, 2).s_max == 3);
  CHECK(hyperband_schedule(26, 3).s_max == 2);
  CHECK(hyperband_schedule(27, 3).s_max == 3);
  CHECK_THROWS_WITH_AS(hyperband_schedule(0, 3), doctest::Contains("R (the maximum epochs per configuration)"), Error);
  CHECK_THROWS_WITH_AS(hyperband_schedule(20, 1), doctest::Contains("eta (the cut factor) must be >= 2"), Error);
}

TEST_CASE("Successive halving keeps the best floor(n_i / eta) and continues them") {
  // loss = x + 1/budget: the ordering within a rung is the ordering of x.
  Space space{Real("x", 0.0, 1.0)};
  int evaluations = 0;
  FunctionObjective objective([&](const Params& hp, int budget, TrialContext&) {
    ++evaluations;
    return hp.real("x") + 1.0 / budget;
  });
  std::ostringstream log;
  Study study(space, objective, {.repo_dir = fresh_dir("halving"), .seed = 5, .log = &log});
  Hyperband hyperband({.R = 9, .eta = 3});
  Results results = study.run(hyperband);

  const auto& trials = results.trials();
  // R=9: bracket 2: 9@1, 3@3, 1@9; bracket 1: 5@3, 1@9; bracket 0: 3@9.
  REQUIRE(trials.size() == 9 + 3 + 1 + 5 + 1 + 3);
  CHECK(evaluations == 22);

  auto in_rung = [&](int bracket, int rung) {
    std::vector<const Trial*> out;
    for (const Trial& t : trials)
      if (t.bracket == bracket && t.rung == rung) out.push_back(&t);
    return out;
  };
  auto rung0 = in_rung(2, 0), rung1 = in_rung(2, 1), rung2 = in_rung(2, 2);
  REQUIRE(rung0.size() == 9);
  REQUIRE(rung1.size() == 3);
  REQUIRE(rung2.size() == 1);
  std::vector<const Trial*> by_x = rung0;
  std::sort(by_x.begin(), by_x.end(), [](auto* a, auto* b) { return a->params.real("x") < b->params.real("x"); });
  for (size_t k = 0; k < 3; ++k) {
    CHECK(rung1[k]->params == by_x[k]->params);   // the 3 smallest x, best first
    CHECK(rung1[k]->resumed_from == by_x[k]->id);
    CHECK(rung1[k]->initial_epoch == 1);
    CHECK(rung1[k]->budget == 3);
  }
  CHECK(rung2[0]->params == by_x[0]->params);
  CHECK(rung2[0]->initial_epoch == 3);
  CHECK(rung2[0]->budget == 9);
  for (const Trial* t : in_rung(0, 0)) CHECK(t->budget == 9);

  // No configuration proposed twice as a new one (17 distinct configurations).
  std::set<std::string> configs;
  for (const Trial& t : trials)
    if (!t.resumed_from) configs.insert(t.params.key());
  CHECK(configs.size() == 17);

  CHECK(log.str().find("Total epochs=") != std::string::npos);          // the schedule first
  CHECK(log.str().find("Estimated time left") != std::string::npos);    // the ETA after trials
  CHECK(results.best().budget == 9);
}

TEST_CASE("Successive halving: equal losses keep the lower trial ids; failed trials never go on") {
  Space space{Real("x", 0.0, 1.0)};
  int calls = 0;
  FunctionObjective objective([&](const Params&, int budget, TrialContext& ctx) {
    ++calls;
    // The first trial fails; every other one ties.
    if (ctx.trial_id == 0) throw std::runtime_error("diverged");
    return 1.0 / budget;
  });
  Study study(space, objective, {.repo_dir = fresh_dir("ties"), .seed = 1});
  Hyperband hyperband({.R = 9, .eta = 3});
  Results results = study.run(hyperband);
  std::vector<int> continued;
  for (const Trial& t : results.trials())
    if (t.bracket == 2 && t.rung == 1) continued.push_back(*t.resumed_from);
  CHECK(continued == std::vector<int>{1, 2, 3});  // trial 0 failed: ranked last
  CHECK(results.trials()[0].status == TrialStatus::Failed);
  CHECK(results.trials()[0].failure == "diverged");
  CHECK(results.best().id != 0);
}

TEST_CASE("Hyperband on a space smaller than its schedule ends cleanly") {
  Space space{Categorical("x", {0.1, 0.2, 0.3, 0.4})};
  FunctionObjective objective([](const Params& hp, int budget, TrialContext&) { return hp.real("x") + 1.0 / budget; });
  Hyperband hyperband({.R = 9, .eta = 3});
  Results r = Study(space, objective, {.repo_dir = fresh_dir("exhausted"), .seed = 2}).run(hyperband);
  // Bracket 2 gets the 4 configurations (of 9 planned), keeps 3, then 1; the other brackets get none.
  REQUIRE(r.trials().size() == 4 + 3 + 1);
  CHECK(r.trials().back().rung == 2);
  CHECK(r.best().params.real("x") == 0.1);
  CHECK(r.best().budget == 9);
}
