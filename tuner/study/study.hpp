#pragma once
// Study: runs the trials a scheduler asks for against an objective, records
// every event in the journal of repo_dir, keeps results.csv and the best
// model's checkpoint up to date, and resumes.
//
//   FunctionObjective objective(f);
//   Study study(space, objective, {.repo_dir = "runs/demo", .seed = 1});
//   RandomSearch random({.n_trials = 50});
//   Results table = study.run(random, /*budget=*/10);   // or study.run(hyperband)
//   table.print(std::cout);
//
// Resume: running a study on a repo_dir whose journal exists replays it.
// Finished trials are not run again (their recorded outcome is told to the
// scheduler), an interrupted trial restarts from its last checkpoint, and new
// trials continue the id sequence. A journal written with another space,
// algorithm, objective or seed is refused with a message saying what differs.
//
// Failures: a trial that throws or whose value is NaN/inf is recorded as
// failed with the reason, ranks last and is never the best, and the search
// goes on; after max_consecutive_failed_trials failures in a row (Keras
// Tuner's name) run() throws Error. A StorageError (the journal, a checkpoint
// or the results cannot be written: disk full, read-only) is no trial's fault:
// run() stops with it at once, the journal and the last checkpoint intact.
//
// Resume takes each recorded trial's configuration from the journal; the
// configuration this run derives for it must agree up to rounding (real
// values within a relative 1e-9, so another build's last bits do not matter),
// else the search is refused with both values printed in full precision.
//
// Attributes and constraints: when the objective has attributes (quantities
// known before training, Objective::trial_attributes), each trial records
// them in its "started" event. A configuration outside options.constraints is
// infeasible: recorded as such with the reason, never trained, never best,
// not counted as a failure; the scheduler's proposer is given the test so
// that it proposes feasible configurations where it can (proposer.hpp). A
// constraint on a quantity the objective does not have is refused by the
// constructor. A configuration the objective cannot size fails untrained.
//
// Seeds: the study seed derives the scheduler's generator and each trial's seed.
//
// Parallel and distributed runs: run(scheduler, executor) trains up to the
// executor's capacity of trials at once (MpiExecutor in tuner/distributed/: one per
// worker rank). The Study alone schedules, journals and writes repo_dir; the
// scheduler is asked for a trial whenever a worker is free and told each
// outcome as it arrives. A trial whose worker is lost is journaled ("lost")
// and retrained from its last checkpoint, at most max_trial_retries times,
// then it fails with the reason. Resume replays the started/finished events in
// journal order, so a parallel search resumes exactly like a serial one.
#include <cstdint>
#include <filesystem>
#include <iosfwd>

#include "tuner/proposers/proposer.hpp"
#include "tuner/schedulers/scheduler.hpp"
#include "tuner/space/space.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/constraints.hpp"
#include "tuner/study/executor.hpp"
#include "tuner/study/objective.hpp"
#include "tuner/study/results.hpp"

namespace tunet::tuner {

struct StudyOptions {
  std::filesystem::path repo_dir{};
  std::uint64_t seed = 0;
  int max_consecutive_failed_trials = 5;
  std::ostream* log = nullptr;  // schedule, progress and ETA lines; nullptr: silent
  int max_trial_retries = 3;    // a trial whose worker is lost is retrained at most this many times
  Constraints constraints{};    // bounds on the objective's trial_attributes (constraints.hpp)
  // Whatever else changes the trials' results (the data, the model, the
  // callbacks...), recorded in the journal's header: a resume with other
  // settings is refused, naming the difference (replay_check.hpp). null: none.
  Json settings = nullptr;
};

class Study {
 public:
  Study(Space space, Objective& objective, StudyOptions options);

  Results run(Scheduler& scheduler);  // one trial at a time, in this thread (InlineExecutor)
  Results run(Scheduler& scheduler, Executor& executor);
  // Every configuration the proposer returns, evaluated once at `budget`.
  Results run(Proposer& proposer, int budget);

  std::ostream* log() const { return options_.log; }
  // The seed of trial `trial_id` (derived from the study seed).
  std::uint64_t trial_seed(int trial_id) const;
  // What a study derives from its seed, for a search whose scheduler runs
  // elsewhere (ask/tell, ask_tell.hpp): the scheduler's generator, and trial
  // `trial_id`'s seed.
  static Rng scheduler_rng(std::uint64_t seed);
  static std::uint64_t trial_seed(std::uint64_t seed, int trial_id);

 private:
  Results run_journaled(Scheduler& scheduler, Executor& executor);

  Space space_;
  Objective& objective_;
  StudyOptions options_;
};

}  // namespace tunet::tuner
