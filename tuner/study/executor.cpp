#include "tuner/study/executor.hpp"

#include "core/error.hpp"
#include "tuner/storage/storage_error.hpp"

namespace tunet::tuner {

TrialOutcome run_trial_job(Objective& objective, const TrialJob& job,
                           const std::function<void(const EpochRecord&)>& on_epoch, std::ostream* log) {
  TrialContext ctx(on_epoch);
  ctx.trial_id = job.trial;
  ctx.budget = job.budget;
  ctx.initial_epoch = job.initial_epoch;
  ctx.seed = job.seed;
  ctx.checkpoint_dir = job.checkpoint_dir;
  ctx.resume_from = job.resume_from;
  ctx.history = job.history;
  ctx.log = log;
  TrialOutcome outcome;
  try {
    outcome.score = objective.evaluate(job.params, ctx);
  } catch (const StorageError&) {
    throw;  // the disk, not the trial, failed: the search stops
  } catch (const TrialPruned& e) {
    outcome.kind = TrialOutcome::Kind::Pruned;
    outcome.message = e.what();
  } catch (const std::exception& e) {
    outcome.kind = TrialOutcome::Kind::Failed;
    outcome.message = e.what();
  }
  return outcome;
}

void InlineExecutor::submit(const TrialJob& job) {
  check(!pending_, "InlineExecutor: a trial is already waiting (it runs one at a time)");
  job_ = job;
  pending_ = true;
}

void InlineExecutor::wait(ExecutorEvents& events) {
  check(pending_, "InlineExecutor: wait() with no trial submitted");
  pending_ = false;
  const TrialOutcome outcome =
      run_trial_job(objective_, job_, [&](const EpochRecord& r) { events.on_epoch(job_.trial, r, {}); }, log_);
  events.on_finished(job_.trial, outcome);
}

}  // namespace tunet::tuner
