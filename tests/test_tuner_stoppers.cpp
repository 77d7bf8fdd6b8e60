// skopt's early stoppers: DeltaYStopper and DeadlineStopper (an injected
// clock) stop when they should and not before, alone, under gp_minimize and
// around a Study's proposer (StoppingProposer), whose stopped search resumes;
// the "stoppers" of a config's search section.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/config/search_config.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/proposers/stoppers.hpp"
#include "tuner/proposers/stopping_proposer.hpp"
#include "tuner/skopt/gp_minimize.hpp"
#include "tuner/study/study.hpp"

using namespace tunet::tuner;
using tunet::testing::fresh_dir;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("DeltaYStopper: stops once the n_best lowest values lie within delta, not before") {
  DeltaYStopper stop(0.1, 3);
  CHECK_FALSE(stop({1.0, 1.05}));                 // fewer than n_best values
  CHECK_FALSE(stop({1.0, 1.05, 2.0}));            // the 3 best span 1.0
  CHECK(stop({1.0, 1.05, 2.0, 1.08}));            // 1.0, 1.05, 1.08: span 0.08 < 0.1
  CHECK_FALSE(stop({1.0, 1.05, 2.0, 1.1}));       // span exactly delta: not < delta
  CHECK_FALSE(stop({1.0, kNaN, 1.01, kNaN}));     // failed calls do not count
  CHECK(stop({kNaN, 3.0, 1.0, 1.01, 1.02}));
  CHECK(DeltaYStopper(1e-9, 1)({5.0}));           // n_best = 1: one value is within any delta of itself
  CHECK_THROWS_AS(DeltaYStopper(0.0), tunet::Error);
  CHECK_THROWS_AS(DeltaYStopper(0.1, 0), tunet::Error);
}

TEST_CASE("DeadlineStopper: stops when the time left is at most the longest call, with an injected clock") {
  double now = 100.0;
  DeadlineStopper stop(10.0, [&] { return now; });
  std::vector<double> ys;
  auto call = [&](double seconds, double y) {
    now += seconds;
    ys.push_back(y);
    return stop(ys);
  };
  CHECK_FALSE(call(2.0, kNaN));  // 8 s left; but no call succeeded yet
  CHECK_FALSE(call(1.0, 1.0));   // 7 s left > longest call 2 s
  CHECK_FALSE(call(2.5, 0.5));   // 4.5 s left > 2.5 s
  CHECK(call(2.0, 0.7));         // 2.5 s left <= 2.5 s: the next call might not fit
  REQUIRE(stop.iter_time().size() == 4);
  CHECK(stop.iter_time()[2] == 2.5);
  double t = 0.0;
  DeadlineStopper only_failures(1.0, [&] { return t; });
  t = 5.0;
  CHECK_FALSE(only_failures({kNaN}));  // skopt: no result yet, no decision
  CHECK_THROWS_AS(DeadlineStopper(0.0), tunet::Error);
}

TEST_CASE("gp_minimize with stoppers: DeltaYStopper ends a converged search, DeadlineStopper a slow one") {
  Space space{Real("x", -2, 2)};
  int calls = 0;
  auto flat = [&](const Params& hp) {
    ++calls;
    return 1.0 + 1e-6 * hp.real("x");  // every value within 4e-6 of the others
  };
  std::ostringstream log;
  GpResult r = gp_minimize(flat, space, {.n_calls = 30, .n_initial_points = 3, .n_candidates = 200,
                                         .stoppers = {DeltaYStopper(1e-3, 5)}, .log = &log});
  CHECK(calls == 5);  // stops at the first call where 5 values exist
  CHECK(r.func_vals.size() == 5);
  CHECK(log.str().find("gp_minimize: stopped after 5 calls") != std::string::npos);

  double now = 0.0;
  calls = 0;
  auto slow = [&](const Params& hp) {
    ++calls;
    now += 1.0;  // each call takes 1 s of the injected clock
    return hp.real("x") * hp.real("x");
  };
  GpResult timed = gp_minimize(slow, space, {.n_calls = 30, .n_initial_points = 3, .n_candidates = 200,
                                             .stoppers = {DeadlineStopper(6.5, [&] { return now; })}});
  CHECK(calls == 6);  // after 6 calls 0.5 s are left, less than a call
  CHECK(timed.func_vals.size() == 6);
}

TEST_CASE("StoppingProposer: a random search in a Study stops by its stopper and resumes from the journal") {
  const auto repo = fresh_dir("stopping_random");
  Space space{Real("x", 0, 1)};
  int evaluated = 0;
  FunctionObjective f([&](const Params& hp, int, TrialContext&) {
    ++evaluated;
    return hp.real("x");
  });
  auto count_stopper = [](size_t n) { return [n](const std::vector<double>& ys) { return ys.size() >= n; }; };
  {
    StoppingProposer search(std::make_unique<RandomSearch>(RandomOptions{.n_trials = 20}), {count_stopper(4)});
    Results r = Study(space, f, {.repo_dir = repo, .seed = 3}).run(search, 1);
    CHECK(r.trials().size() == 4);
    CHECK(search.stopped());
    CHECK(search.remaining() == 0u);
    CHECK(search.func_vals().size() == 4);
  }
  // The same search with a later stop: the 4 recorded trials are replayed, 3 more run.
  evaluated = 0;
  StoppingProposer more(std::make_unique<RandomSearch>(RandomOptions{.n_trials = 20}), {count_stopper(7)});
  Results r = Study(space, f, {.repo_dir = repo, .seed = 3}).run(more, 1);
  CHECK(r.trials().size() == 7);
  CHECK(evaluated == 3);
  // A stopper that would have stopped earlier does not refuse the recorded trials.
  evaluated = 0;
  StoppingProposer earlier(std::make_unique<RandomSearch>(RandomOptions{.n_trials = 20}), {count_stopper(2)});
  CHECK(Study(space, f, {.repo_dir = repo, .seed = 3}).run(earlier, 1).trials().size() == 7);
  CHECK(evaluated == 0);
}

TEST_CASE("search.stoppers in a config: a GP search stops by delta_y; bad entries are named") {
  SearchPlan plan = make_search(Json::parse(R"({"algorithm": "gp", "n_calls": 30, "n_initial_points": 3,
      "initial_point_generator": "halton", "epochs": 1,
      "stoppers": [{"type": "delta_y", "delta": 0.001, "n_best": 4}, {"type": "deadline", "total_time": 3600}]})"));
  REQUIRE(dynamic_cast<StoppingProposer*>(plan.proposer.get()) != nullptr);
  CHECK(plan.scheduler->name() == "gp");
  CHECK(plan.scheduler->settings()["settings"]["initial_point_generator"] == "halton");
  Space space{Real("x", 0, 1)};
  FunctionObjective flat([](const Params& hp, int, TrialContext&) { return 1.0 + 1e-6 * hp.real("x"); });
  Results r = Study(space, flat, {.repo_dir = fresh_dir("stoppers_config"), .seed = 1}).run(*plan.scheduler);
  CHECK(r.trials().size() == 4);

  auto error = [](const std::string& stoppers) {
    try {
      make_search(Json::parse(R"({"algorithm": "random", "n_trials": 5, "epochs": 1, "stoppers": )" + stoppers + "}"));
    } catch (const tunet::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error(R"([{"type": "delta_x", "delta": 1}])").find("search.stoppers[0].type") != std::string::npos);
  CHECK(error(R"([{"type": "delta_y"}])").find("delta") != std::string::npos);
  CHECK(error(R"([{"type": "delta_y", "delta": -1}])").find("search.stoppers[0].delta") != std::string::npos);
  CHECK(error(R"([{"type": "deadline", "total_time": 0}])").find("search.stoppers[0].total_time") != std::string::npos);
  CHECK(error(R"([{"type": "deadline", "total_time": 5, "n_best": 2}])").find("n_best") != std::string::npos);
  CHECK(error(R"({"type": "deadline"})").find("search.stoppers") != std::string::npos);
  CHECK_THROWS_AS(make_search(Json::parse(R"({"algorithm": "hyperband", "R": 9, "stoppers": []})")), tunet::Error);
}
