#pragma once
// Replay checks: on resume, what the journal recorded must be what this run
// would do. The study header (space, algorithm, objective, seed, constraints
// and the caller's settings, StudyOptions::settings) must equal this run's, and each recorded trial must be the trial the scheduler derives
// again: the same budgets, brackets, rungs and continued trials, and the same
// hyperparameters up to rounding (real values within a relative 1e-9 of the
// larger magnitude or the dimension's range). A mismatch throws Error with
// both sides printed, every real value with all 17 digits.
#include <filesystem>
#include <string>

#include "tuner/config/json.hpp"
#include "tuner/schedulers/scheduler.hpp"
#include "tuner/space/space.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

// Throws Error when the journal's study header differs from this run's in its
// space, algorithm, objective, seed, constraints or settings, naming the first
// difference by its path: "repo_dir runs/a holds a search with other settings
// (settings.data.scaling: recorded "standard", this run "minmax"): ...". A journal without settings (written before
// they were recorded) is not compared on them.
void check_recorded_header(const Json& recorded, const Json& expected, ObjectiveMode mode,
                           const std::filesystem::path& repo_dir);

// Throws Error when the recorded trial is not the trial `spec` this run derives.
void check_recorded_trial(const TrialSpec& spec, const Trial& recorded, const Space& space,
                          const std::filesystem::path& repo_dir);

}  // namespace tunet::tuner
