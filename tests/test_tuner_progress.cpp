// Progress lines: every finished trial's line shows the best value so far,
// the search's total elapsed time, and the time left where the scheduler
// knows its remaining budget.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "fresh_dir.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
using tunet::testing::fresh_dir;

namespace {

std::vector<std::string> trial_lines(const std::string& log) {
  std::vector<std::string> lines;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("  -> ", 0) == 0) lines.push_back(line);
  return lines;
}

std::string fmt4(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", x);
  return buf;
}

}  // namespace

TEST_CASE("Each finished trial's line shows the best so far and the elapsed time") {
  Space space{Real("x", -2.0, 2.0)};
  FunctionObjective objective([](const Params& hp, int, TrialContext&) { return hp.real("x") * hp.real("x"); });
  std::ostringstream log;
  Study study(space, objective, {.repo_dir = fresh_dir("progress_random"), .seed = 4, .log = &log});
  RandomSearch random({.n_trials = 8});
  Results results = study.run(random, 1);

  const std::vector<std::string> lines = trial_lines(log.str());
  REQUIRE(lines.size() == 8);
  double best = INFINITY;
  int best_id = -1;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Trial& t = results.trials()[i];
    if (*t.value < best) {
      best = *t.value;
      best_id = t.id;
    }
    CAPTURE(lines[i]);
    CHECK(lines[i].find("best so far " + fmt4(best) + " (trial " + std::to_string(best_id) + ")") !=
          std::string::npos);
    CHECK(lines[i].find("; elapsed ") != std::string::npos);
    CHECK(lines[i].find("Estimated time left") != std::string::npos);  // n_trials known: the rest is known
  }
}

TEST_CASE("Hyperband's trial lines carry the time left; a resumed search counts earlier trials' time") {
  Space space{Real("x", 0.0, 1.0)};
  FunctionObjective objective([](const Params& hp, int budget, TrialContext&) { return hp.real("x") + 1.0 / budget; });
  const auto dir = fresh_dir("progress_hyperband");
  std::ostringstream log;
  {
    Study study(space, objective, {.repo_dir = dir, .seed = 2, .log = &log});
    Hyperband hyperband({.R = 9, .eta = 3});
    study.run(hyperband);
  }
  const std::vector<std::string> lines = trial_lines(log.str());
  REQUIRE(lines.size() == 22);
  for (const std::string& line : lines) {
    CAPTURE(line);
    CHECK(line.find("best so far") != std::string::npos);
    CHECK(line.find("Estimated time left") != std::string::npos);
  }
  CHECK(lines.back().find("Estimated time left: 0 s (0 epochs") != std::string::npos);

  // Replaying the finished search trains nothing and prints no trial line.
  std::ostringstream again;
  Study resumed(space, objective, {.repo_dir = dir, .seed = 2, .log = &again});
  Hyperband hyperband({.R = 9, .eta = 3});
  resumed.run(hyperband);
  CHECK(trial_lines(again.str()).empty());
}
