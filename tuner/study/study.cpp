// Study: checks its options, derives the scheduler's generator and each
// trial's seed from the study seed, hands the run to run_study
// (study_run.cpp) and shuts the executor down however the run ends, adding to
// a StorageError that the journal is intact and the search resumes.
#include "tuner/study/study.hpp"

#include <string>

#include "core/error.hpp"
#include "tuner/schedulers/fixed_budget.hpp"
#include "tuner/storage/storage_error.hpp"
#include "tuner/study/study_run.hpp"

namespace tunet::tuner {

namespace {

// Independent streams of the study seed.
constexpr uint64_t kSchedulerStream = 1;
constexpr uint64_t kTrialStream = 2;

}  // namespace

Study::Study(Space space, Objective& objective, StudyOptions options)
    : space_(std::move(space)), objective_(objective), options_(std::move(options)) {
  check(!options_.repo_dir.empty(), "Study: repo_dir is required (where the journal and checkpoints go)");
  check(options_.max_consecutive_failed_trials >= 1, "Study: max_consecutive_failed_trials must be >= 1");
  options_.constraints.check_known(objective_.attribute_names(), "constraints");
  check(space_.size() > 0, "Study: the search space is empty");
}

std::uint64_t Study::trial_seed(int trial_id) const { return trial_seed(options_.seed, trial_id); }

Rng Study::scheduler_rng(std::uint64_t seed) { return Rng(seed, kSchedulerStream); }

std::uint64_t Study::trial_seed(std::uint64_t seed, int trial_id) {
  Rng rng = Rng(seed, kTrialStream).derive(static_cast<uint64_t>(trial_id));
  uint64_t hi = rng.next_u32();
  return hi << 32 | rng.next_u32();
}

Results Study::run(Proposer& proposer, int budget) {
  FixedBudget scheduler(proposer, budget);
  return run(scheduler);
}

Results Study::run(Scheduler& scheduler) {
  InlineExecutor executor(objective_, options_.log);
  return run(scheduler, executor);
}

Results Study::run(Scheduler& scheduler, Executor& executor) {
  try {
    Results results = run_journaled(scheduler, executor);
    executor.shutdown();
    return results;
  } catch (const StorageError& e) {
    executor.shutdown();
    throw StorageError(std::string(e.what()) + "\nThe search stopped; the journal and the last checkpoints in " +
                       options_.repo_dir.string() + " are intact: run it again to resume.");
  } catch (...) {
    executor.shutdown();
    throw;
  }
}

Results Study::run_journaled(Scheduler& scheduler, Executor& executor) {
  return run_study(space_, objective_, options_, scheduler, scheduler_rng(options_.seed), executor,
                   [this](int id) { return trial_seed(id); });
}

}  // namespace tunet::tuner
