// StudyRun, the event loop of one Study::run: the journal opened or replayed,
// the executor's free slots filled (interrupted and lost trials first, then
// the scheduler's), and each reported epoch, outcome and lost worker written to
// the journal, results.csv and the best model before the scheduler is told.
#include "tuner/study/study_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <ostream>

#include "core/error.hpp"
#include "tuner/storage/atomic_file.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/checkpoints.hpp"
#include "tuner/study/progress_printer.hpp"
#include "tuner/study/replay_check.hpp"
#include "tuner/study/study.hpp"

namespace tunet::tuner {

namespace fs = std::filesystem;

namespace {

double loss_of(double value, Direction direction) { return direction == Direction::Minimize ? value : -value; }

// One run of a study: replays the journal, then keeps the executor busy with
// the scheduler's trials and records what the executor reports.
class StudyRun : public ExecutorEvents {
 public:
  StudyRun(const Space& space, Objective& objective, const StudyOptions& options, Scheduler& scheduler,
           Rng scheduler_rng, Executor& executor, std::function<std::uint64_t(int)> trial_seed)
      : space_(space), objective_(objective), options_(options), scheduler_(scheduler),
        scheduler_rng_(scheduler_rng), executor_(executor), trial_seed_(std::move(trial_seed)),
        repo_(options.repo_dir), progress_(options.log),
        direction_(objective.direction()), metric_(objective.metric()), mode_(objective.mode()),
        has_attributes_(!objective.attribute_names().empty()), journal_(repo_) {}

  Results run();

  void on_epoch(int trial, const EpochRecord& record, const std::vector<FileBlob>& files) override;
  void on_finished(int trial, const TrialOutcome& outcome) override;
  void on_lost(int trial, const std::string& reason) override;

 private:
  struct Running {
    Trial trial;
    int first_epoch = 0;      // the epoch its current attempt started from
    double earlier_wall = 0;  // wall time of its epochs before this attempt
    std::chrono::steady_clock::time_point started;
  };

  void open_journal();
  void replay_journal(const JournalState& state);
  void start_new(const TrialSpec& spec);
  void submit(Running& r, bool resuming);
  void complete(Running& r, const TrialOutcome& outcome);
  void record_finished(const Trial& t, bool replayed);
  void update_best(const Trial& t);
  // The finished trials as a table (with the objectives' Pareto front).
  Results results() const;
  // The objective's attributes of a configuration, computed once per configuration.
  const Attributes& attributes_of(const Params& params);
  bool feasible(const Params& params);
  // A trial that is not trained: infeasible, or its attributes could not be computed (failed).
  void record_untrained(Trial t, TrialStatus status, const std::string& reason);
  fs::path trial_dir(int id) const { return fs::path("trials") / std::to_string(id); }

  const Space& space_;
  Objective& objective_;
  const StudyOptions& options_;
  Scheduler& scheduler_;
  const Rng scheduler_rng_;
  Executor& executor_;
  std::function<std::uint64_t(int)> trial_seed_;
  const fs::path& repo_;
  ProgressPrinter progress_;
  const Direction direction_;
  const std::string metric_;
  const ObjectiveMode mode_;
  const bool has_attributes_;
  Journal journal_;
  std::map<std::string, Attributes> attributes_;  // by Params::key()

  std::map<int, Trial> finished_;    // by id
  std::map<int, Running> running_;   // started, not finished (in the executor or queued)
  std::deque<int> queue_;            // to (re)submit before asking the scheduler: interrupted and lost trials
  std::map<int, std::string> where_; // trial -> where it runs
  std::map<int, int> lost_;          // trial -> times its worker was lost
  int next_id_ = 0;
  std::optional<Trial> best_;
  int consecutive_failures_ = 0;
  double trained_seconds_ = 0;
  long trained_units_ = 0;
  double recorded_seconds_ = 0;  // wall time of the trials finished by earlier runs
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

void StudyRun::open_journal() {
  Json header = Json::object();
  header["event"] = "study";
  header["version"] = Journal::kVersion;
  header["space"] = space_.to_json();
  header["algorithm"] = {{"name", scheduler_.name()}, {"settings", scheduler_.settings()}};
  header["objective"] = {{"metric", metric_}, {"direction", direction_name(direction_)},
                         {"mode", mode_name(mode_)}, {"description", objective_.describe()}};
  header["seed"] = options_.seed;
  if (!options_.constraints.empty()) header["constraints"] = options_.constraints.to_json();
  if (!options_.settings.is_null()) header["settings"] = options_.settings;

  if (progress_.stream() && !journal_.repaired_tail().empty())
    *progress_.stream() << "Dropped a line torn by a crash: " << journal_.repaired_tail() << "\n";
  JournalState state = replay(Journal::read(repo_));
  if (state.header.is_null()) {
    journal_.append(header);
  } else {
    check_recorded_header(state.header, header, mode_, repo_);
    journal_.append({{"event", "resumed"}});
    if (progress_.stream())
      *progress_.stream() << "Resuming the search in " << repo_.string() << " (" << state.trials.size()
                          << " trials recorded)\n";
  }

  if (!options_.constraints.empty()) scheduler_.set_feasible([this](const Params& p) { return feasible(p); });
  scheduler_.set_objectives(objective_.objectives());
  scheduler_.start(space_, scheduler_rng_, direction_);
  if (progress_.stream()) scheduler_.print_plan(*progress_.stream());
  replay_journal(state);
}

void StudyRun::replay_journal(const JournalState& state) {
  lost_ = state.lost;
  for (const JournalState::Step& step : state.steps) {
    Trial recorded = state.trials.at(step.trial);
    // A journal without the attributes' fields: they are known in closed form
    // (the scheduler's ranking by several objectives needs them).
    if (has_attributes_ && recorded.attributes.empty() && (recorded.ok() || !recorded.finished()))
      recorded.attributes = attributes_of(recorded.params);
    if (!step.finished) {
      std::optional<TrialSpec> spec = scheduler_.next_recorded(recorded);
      if (!spec)
        throw Error("the journal in " + repo_.string() + " records trial " + std::to_string(recorded.id) +
                    ", but this search ends before it: it was written by another search");
      check_recorded_trial(*spec, recorded, space_, repo_);
      next_id_ = std::max(next_id_, recorded.id + 1);
      if (!recorded.finished()) {  // interrupted: trained again from its last checkpoint
        if (!options_.constraints.empty() && recorded.history.empty()) {  // or recorded untrained if infeasible
          const std::string violation = options_.constraints.violation(
              recorded.attributes.empty() ? attributes_of(recorded.params) : recorded.attributes);
          if (!violation.empty()) {
            record_untrained(recorded, TrialStatus::Infeasible, violation);
            continue;
          }
        }
        recorded.status = TrialStatus::Running;
        running_[recorded.id] = {recorded, 0, 0, {}};
        queue_.push_back(recorded.id);
      }
      continue;
    }
    recorded_seconds_ += recorded.wall_s;
    record_finished(recorded, /*replayed=*/true);
  }
}

const Attributes& StudyRun::attributes_of(const Params& params) {
  const std::string key = params.key();
  auto it = attributes_.find(key);
  if (it == attributes_.end()) it = attributes_.emplace(key, objective_.trial_attributes(params)).first;
  return it->second;
}

bool StudyRun::feasible(const Params& params) {
  try {
    return options_.constraints.violation(attributes_of(params)).empty();
  } catch (const std::exception&) {
    return false;  // a configuration the objective cannot size: the proposer looks elsewhere
  }
}

void StudyRun::record_untrained(Trial t, TrialStatus status, const std::string& reason) {
  t.status = status;
  t.failure = reason;
  t.value.reset();
  t.loss = std::numeric_limits<double>::infinity();
  progress_.trial_start(t, false, "");
  journal_.append(finished_event(t));
  record_finished(t, /*replayed=*/false);
}

void StudyRun::start_new(const TrialSpec& spec) {
  Trial t = spec.trial(next_id_++);
  std::string unsized;  // why the objective could not give the configuration's attributes
  if (has_attributes_) {
    try {
      t.attributes = attributes_of(t.params);
    } catch (const std::exception& e) {
      unsized = e.what();
    }
  }
  journal_.append(started_event(t));
  if (!unsized.empty()) return record_untrained(std::move(t), TrialStatus::Failed, unsized);
  if (const std::string violation = options_.constraints.violation(t.attributes); !violation.empty())
    return record_untrained(std::move(t), TrialStatus::Infeasible, violation);
  Running& r = running_[t.id];
  r.trial = std::move(t);
  submit(r, false);
}

// Where a trial starts: its own last journaled checkpoint (interrupted, or its
// worker lost), else the checkpoint of the trial it continues, else scratch.
void StudyRun::submit(Running& r, bool resuming) {
  Trial& t = r.trial;
  TrialJob job;
  job.trial = t.id;
  job.params = t.params;
  job.budget = t.budget;
  job.seed = trial_seed_(t.id);
  job.checkpoint_dir = repo_ / trial_dir(t.id);
  r.earlier_wall = 0;
  if (!t.history.empty() && !t.checkpoint.empty() && fs::exists(repo_ / t.checkpoint)) {
    for (const EpochRecord& e : t.history) r.earlier_wall += e.wall_s;
    job.initial_epoch = t.history.back().epoch;
    job.resume_from = repo_ / t.checkpoint;
    job.history = t.history;
  } else {
    t.history.clear();
    t.checkpoint.clear();
    if (t.resumed_from) {
      auto parent = finished_.find(*t.resumed_from);
      if (parent != finished_.end() && !parent->second.checkpoint.empty() &&
          fs::exists(repo_ / parent->second.checkpoint)) {
        job.initial_epoch = t.initial_epoch;
        job.resume_from = repo_ / parent->second.checkpoint;
      }
    }
  }
  r.first_epoch = job.initial_epoch;
  r.started = std::chrono::steady_clock::now();
  if (job.initial_epoch >= t.budget && !t.history.empty()) {
    // Interrupted after its last epoch was recorded: the outcome is in the journal.
    TrialOutcome outcome;
    if (auto v = t.history.back().metric(metric_)) outcome.score.value = *v;
    else outcome = {TrialOutcome::Kind::Failed, {}, "trial " + std::to_string(t.id) + ": its last epoch has no " + metric_};
    progress_.trial_start(t, true, "");
    complete(r, outcome);
    return;
  }
  executor_.submit(job);
  where_[t.id] = executor_.where(t.id);
  progress_.trial_start(t, resuming, where_[t.id]);
}

void StudyRun::on_epoch(int trial, const EpochRecord& record, const std::vector<FileBlob>& files) {
  Running& r = running_.at(trial);
  Trial& t = r.trial;
  const fs::path dir = trial_dir(trial);
  if (!files.empty()) fs::create_directories(repo_ / dir);
  for (const FileBlob& f : files) write_file_atomically(repo_ / dir / f.name, f.bytes);
  const fs::path checkpoint = dir / checkpoint_file_name(record.epoch);
  const bool saved = fs::exists(repo_ / checkpoint);
  t.history.push_back(record);
  if (saved) t.checkpoint = checkpoint.string();
  journal_.append(epoch_event(t.id, record, saved ? checkpoint.string() : ""));
  if (saved) {
    std::vector<std::string> keep = {checkpoint.filename().string()};
    if (const EpochRecord* s = scoring_epoch(t.history, metric_, direction_, mode_))
      keep.push_back(checkpoint_file_name(s->epoch));
    remove_older_checkpoints(repo_ / dir, keep);
  }
  progress_.epoch(record, t.budget, executor_.capacity() > 1 ? trial : -1);
}

void StudyRun::on_finished(int trial, const TrialOutcome& outcome) { complete(running_.at(trial), outcome); }

void StudyRun::on_lost(int trial, const std::string& reason) {
  Running& r = running_.at(trial);
  const int attempt = ++lost_[trial];
  journal_.append(lost_event(trial, reason, attempt));
  progress_.lost(trial, reason, attempt, options_.max_trial_retries);
  if (attempt > options_.max_trial_retries) {
    complete(r, {TrialOutcome::Kind::Failed, {},
                 "its worker was lost " + std::to_string(attempt) + " times (max_trial_retries " +
                     std::to_string(options_.max_trial_retries) + "); the last time: " + reason});
    return;
  }
  queue_.push_back(trial);
}

void StudyRun::complete(Running& r, const TrialOutcome& outcome) {
  Trial t = std::move(r.trial);
  const int first_epoch = r.first_epoch;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - r.started).count();
  t.wall_s = r.earlier_wall + seconds;
  running_.erase(t.id);
  t.value.reset();
  switch (outcome.kind) {
    case TrialOutcome::Kind::Completed: {
      t.value = outcome.score.value;
      t.fold_values = outcome.score.folds;
      if (t.last_epoch() < t.budget) t.stop_reason = outcome.score.stop_reason;
      t.value_checkpoint = t.checkpoint;
      if (const EpochRecord* e = scoring_epoch(t.history, metric_, direction_, mode_)) {
        if (mode_ == ObjectiveMode::Best) {
          t.value = e->metric(metric_);
          t.fold_values = e->fold_values(metric_);
        }
        t.value_epoch = e->epoch;
        const fs::path kept = trial_dir(t.id) / checkpoint_file_name(e->epoch);
        if (fs::exists(repo_ / kept)) t.value_checkpoint = kept.string();
      }
      if (std::isfinite(*t.value)) {
        t.status = TrialStatus::Completed;
      } else {
        t.status = TrialStatus::Failed;
        t.failure = metric_ + " is " + std::to_string(*t.value) + " (not finite)";
        t.value.reset();
      }
      break;
    }
    case TrialOutcome::Kind::Pruned:
      t.status = TrialStatus::Pruned;
      t.failure = outcome.message;
      if (!t.history.empty())
        if (auto v = t.history.back().metric(metric_); v && std::isfinite(*v)) t.value = v;
      break;
    case TrialOutcome::Kind::Failed:
      t.status = TrialStatus::Failed;
      t.failure = outcome.message;
      break;
  }
  t.loss = t.ok() ? loss_of(*t.value, direction_) : std::numeric_limits<double>::infinity();
  journal_.append(finished_event(t));
  trained_seconds_ += seconds;
  trained_units_ += std::max(0, t.last_epoch() - first_epoch);
  record_finished(t, /*replayed=*/false);
}

void StudyRun::update_best(const Trial& t) {
  if (!t.ok() || !std::isfinite(t.loss)) return;
  if (best_ && !better(t, *best_)) return;
  best_ = t;
  update_best_model(repo_, t);
}

std::vector<Trial> by_id(const std::map<int, Trial>& trials) {
  std::vector<Trial> out;
  for (const auto& [id, t] : trials) out.push_back(t);
  return out;
}

Results StudyRun::results() const {
  Results out(by_id(finished_), space_, metric_, direction_, repo_);
  out.set_objectives(objective_.objectives());
  return out;
}

void StudyRun::record_finished(const Trial& t, bool replayed) {
  scheduler_.tell(t);
  finished_[t.id] = t;
  update_best(t);
  if (!replayed) {
    results().write_csv(repo_ / Results::kCsvName);
    const double elapsed =
        recorded_seconds_ + std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    // Trials run capacity() at a time: the time left shrinks by as much.
    const double per_unit = trained_units_ > 0 ? trained_seconds_ / static_cast<double>(trained_units_) /
                                                     std::max(1, executor_.capacity())
                                               : 0;
    progress_.trial_end(t, where_[t.id], metric_, best_ ? &*best_ : nullptr, elapsed, per_unit,
                        scheduler_.remaining_budget());
    where_.erase(t.id);
    if (executor_.capacity() > 1) {
      std::vector<std::pair<int, std::string>> now;
      for (const auto& [id, w] : where_) now.emplace_back(id, w);
      progress_.running(now);
    }
  }
  if (t.status != TrialStatus::Infeasible)  // never trained: neither a failure nor a success
    consecutive_failures_ = t.status == TrialStatus::Failed ? consecutive_failures_ + 1 : 0;
  if (consecutive_failures_ >= options_.max_consecutive_failed_trials)
    throw Error("search stopped: " + std::to_string(consecutive_failures_) +
                " trials failed in a row (max_consecutive_failed_trials); the last failure: " + t.failure +
                "\nThe trials so far are in " + (repo_ / Results::kCsvName).string());
}

Results StudyRun::run() {
  // The scheduler outlives this run: it must not keep a test that refers to it.
  struct ForgetFeasible {
    Scheduler& scheduler;
    bool given;
    ~ForgetFeasible() {
      if (given) scheduler.set_feasible({});
    }
  } forget{scheduler_, !options_.constraints.empty()};
  open_journal();
  for (;;) {
    // Keep every free worker busy: interrupted and lost trials first, then the scheduler's.
    while (executor_.free_slots() > 0) {
      if (!queue_.empty()) {
        const int id = queue_.front();
        queue_.pop_front();
        submit(running_.at(id), true);
        continue;
      }
      std::optional<TrialSpec> spec = scheduler_.next();
      if (!spec) break;  // nothing can start until a running trial is told (or the search is over)
      start_new(*spec);
    }
    if (running_.empty()) break;
    if (executor_.capacity() == 0)
      throw Error("every worker is lost; " + std::to_string(running_.size()) +
                  " trials are unfinished. Run the search again to resume it.");
    executor_.wait(*this);
  }
  Results final = results();
  final.write_csv(repo_ / Results::kCsvName);
  return final;
}

}  // namespace

Results run_study(const Space& space, Objective& objective, const StudyOptions& options, Scheduler& scheduler,
                  Rng scheduler_rng, Executor& executor, std::function<std::uint64_t(int)> trial_seed) {
  StudyRun run(space, objective, options, scheduler, scheduler_rng, executor, std::move(trial_seed));
  return run.run();
}

}  // namespace tunet::tuner
