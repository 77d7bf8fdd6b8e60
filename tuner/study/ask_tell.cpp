// AskTell (ask_tell.hpp): each call takes the run's lock, replays the
// journal, checks, appends and lets go; ask_tell_run.hpp holds what ask and
// tell share.
#include "tuner/study/ask_tell.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "tuner/config/ask_tell_config.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/storage/atomic_file.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/storage/journal_events.hpp"
#include "tuner/storage/run_lock.hpp"
#include "tuner/storage/storage_error.hpp"
#include "tuner/study/ask_tell_run.hpp"
#include "tuner/study/replay_check.hpp"
#include "tuner/study/study.hpp"

namespace tunet::tuner {

namespace fs = std::filesystem;

namespace {

std::string seconds_text(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", s);
  return text;
}

}  // namespace

bool AskTell::create(const Json& config, const fs::path& run_dir) {
  const AskTellSettings settings = parse_ask_tell_config(config);  // checked before anything is written
  std::error_code ec;
  fs::create_directories(run_dir, ec);
  if (ec) throw StorageError("cannot create the run folder " + run_dir.string() + ": " + ec.message());
  RunLock lock(run_dir / RunLock::kFileName, AskTellOptions{}.lock_timeout_s);
  RunJournal run(run_dir);
  const fs::path stored = run_dir / kConfigName;
  const Json header = ask_tell_header(settings);
  if (!run.state.header.is_null()) check_same_search(run.state.header, header, "the config", run_dir);
  else if (fs::exists(stored))  // a create cut short after writing the config: it must be this one
    check_same_search(ask_tell_header(parse_ask_tell_config(read_config(stored))), header, "the config", run_dir);
  if (!fs::exists(stored)) write_file_atomically(stored, config.dump(2) + "\n");
  if (!run.state.header.is_null()) return false;
  run.append(header);
  return true;
}

AskTell::AskTell(fs::path run_dir, AskTellOptions options) : run_dir_(std::move(run_dir)), options_(options) {
  check(options_.lost_after_s >= 0, "ask/tell: the timeout must be >= 0 seconds");
  check(options_.lock_timeout_s >= 0, "ask/tell: the lock timeout must be >= 0 seconds");
  if (!fs::exists(run_dir_ / kConfigName))
    throw Error(run_dir_.string() + ": not an ask/tell run (no " + kConfigName +
                "): make it with `tunet init CONFIG --repo-dir " + run_dir_.string() + "` or ask with --config CONFIG");
  metric_ = parse_ask_tell_config(read_config(run_dir_ / kConfigName)).metric;
}

AskTell::Asked AskTell::ask() {
  RunLock lock(run_dir_ / RunLock::kFileName, options_.lock_timeout_s);
  RunJournal run(run_dir_);
  AskTellSettings settings = parse_ask_tell_config(read_config(run_dir_ / kConfigName));
  const Json header = ask_tell_header(settings);
  if (run.state.header.is_null()) run.append(header);
  else check_same_search(run.state.header, header, (run_dir_ / kConfigName).string(), run_dir_);
  run.finish_told_trials();

  Scheduler& scheduler = *settings.plan.scheduler;
  scheduler.start(settings.space, Study::scheduler_rng(settings.seed), settings.direction);
  for (const JournalState::Step& step : run.state.steps) {
    const Trial& recorded = run.state.trials.at(step.trial);
    if (step.finished) {
      scheduler.tell(recorded);
      continue;
    }
    std::optional<TrialSpec> spec = scheduler.next_recorded(recorded);
    if (!spec)
      throw Error(run_dir_.string() + ": the journal records trial " + std::to_string(recorded.id) +
                  ", but this search ends before it: it was written by another search");
    check_recorded_trial(*spec, recorded, settings.space, run_dir_);
  }

  Asked asked;
  auto hand_out = [&](const Trial& t, int attempt) {
    asked.kind = Asked::Kind::Trial;
    asked.trial = t;
    asked.seed = Study::trial_seed(settings.seed, t.id);
    asked.attempt = attempt;
    asked.epochs_told = t.history.empty() ? 0 : t.history.back().epoch;
    return asked;
  };
  // A trial nothing was told of for lost_after_s: handed out again, or failed after max_trial_retries.
  for (const int id : run.pending()) {
    const double silent = run.now() - run.last_heard(id);
    if (options_.lost_after_s <= 0 || silent <= options_.lost_after_s) continue;
    const int attempt = run.state.lost.count(id) ? run.state.lost.at(id) + 1 : 1;
    const std::string reason = "nothing told for " + seconds_text(silent) + " s (tunet ask --timeout " +
                               seconds_text(options_.lost_after_s) + ")";
    run.append(lost_event(id, reason, attempt));
    if (attempt <= settings.max_trial_retries) return hand_out(run.state.trials.at(id), attempt + 1);
    Trial failed = run.finish_failed(id, "handed out " + std::to_string(attempt) + " times (max_trial_retries " +
                                             std::to_string(settings.max_trial_retries) + "); the last time: " +
                                             reason);
    scheduler.tell(failed);
  }
  if (std::optional<TrialSpec> spec = scheduler.next()) {
    const Trial t = spec->trial(run.next_id());
    run.append(started_event(t));
    return hand_out(t, 1);
  }
  asked.pending = run.pending();
  asked.finished = static_cast<int>(run.state.trials.size() - asked.pending.size());
  asked.kind = asked.pending.empty() ? Asked::Kind::Done : Asked::Kind::Wait;
  return asked;
}

Trial AskTell::tell(int id, const Told& told) {
  RunLock lock(run_dir_ / RunLock::kFileName, options_.lock_timeout_s);
  RunJournal run(run_dir_);
  check(!run.state.header.is_null(), run_dir_.string() + ": the journal has no search yet: ask for a trial first");
  run.finish_told_trials();
  const Trial t = run.trial_to_tell(id);
  switch (told.status) {
    case TrialStatus::Failed:
      return run.finish_failed(id, told.reason.empty() ? "told as failed" : told.reason);
    case TrialStatus::Pruned:
      return run.finish_pruned(id, told.reason.empty() ? "told as pruned" : told.reason);
    case TrialStatus::Completed:
      break;
    default:
      throw Error("trial " + std::to_string(id) + ": a trial is told as completed, failed or pruned");
  }
  const int epoch = told.epoch.value_or(t.budget);
  const int after = t.history.empty() ? t.initial_epoch : t.history.back().epoch;
  if (epoch <= after || epoch > t.budget)
    throw Error("trial " + std::to_string(id) + ": epoch " + std::to_string(epoch) + " is not in " +
                std::to_string(after + 1) + ".." + std::to_string(t.budget) + " (its budget is " +
                std::to_string(t.budget) + (t.history.empty() ? "" : ", epoch " + std::to_string(after) + " was told") +
                ")");
  if (!std::isfinite(told.value)) {
    const std::string what =
        told.reason.empty() ? "value " + std::to_string(told.value) + " is not a finite number" : told.reason;
    run.finish_failed(id, "epoch " + std::to_string(epoch) + ": " + what);
    throw Error("trial " + std::to_string(id) + ": " + what + ": the trial is recorded as failed");
  }
  return run.tell_epoch(id, epoch, told.value);
}

Json AskTell::Asked::to_json() const {
  Json j = Json::object();
  switch (kind) {
    case Kind::Trial:
      j = started_event(trial);  // the trial's fields as the journal writes them
      j.erase("event");
      j.erase("attributes");
      j["status"] = "trial";
      j["seed"] = seed;
      j["attempt"] = attempt;
      j["epochs_told"] = epochs_told;
      break;
    case Kind::Wait:
      j["status"] = "wait";
      j["pending"] = pending;
      break;
    case Kind::Done:
      j["status"] = "done";
      j["finished"] = finished;
      break;
  }
  return j;
}

}  // namespace tunet::tuner
