#include "tuner/study/study.hpp"

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "core/error.hpp"
#include "tuner/schedulers/fixed_budget.hpp"
#include "tuner/storage/atomic_file.hpp"
#include "tuner/storage/storage_error.hpp"

namespace tunet::tuner {

namespace fs = std::filesystem;

namespace {

// Independent streams of the study seed.
constexpr uint64_t kSchedulerStream = 1;
constexpr uint64_t kTrialStream = 2;

std::string duration_text(double seconds) {
  char buf[64];
  if (seconds < 60) std::snprintf(buf, sizeof buf, "%.0f s", seconds);
  else if (seconds < 3600) std::snprintf(buf, sizeof buf, "%d min %02d s", int(seconds) / 60, int(seconds) % 60);
  else std::snprintf(buf, sizeof buf, "%d h %02d min", int(seconds) / 3600, int(seconds) % 3600 / 60);
  return buf;
}

std::string spec_text(const TrialSpec& s) {
  std::string text = to_string(s.params) + " budget " + std::to_string(s.budget);
  if (s.bracket >= 0) text += " bracket " + std::to_string(s.bracket) + " rung " + std::to_string(s.rung);
  if (s.resumed_from) text += " continuing trial " + std::to_string(*s.resumed_from);
  return text;
}

// Re-derived real values may differ from the recorded ones in their last bits
// (another compiler, -march, libm): within this distance, relative to the
// larger magnitude or the dimension's range (a value near 0), they are the
// recorded value, and the search goes on with the journal's configuration.
constexpr double kResumeRelativeTolerance = 1e-9;

std::string exact(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

std::string exact(const Value& v) {
  if (auto* d = std::get_if<double>(&v)) return exact(*d);
  return to_string(v);
}

bool same_value(const Value& recorded, const Value& derived, const Dimension* dim) {
  if (std::holds_alternative<double>(recorded) || std::holds_alternative<double>(derived)) {
    if (!is_number(recorded) || !is_number(derived)) return false;
    const double a = as_number(recorded), b = as_number(derived);
    double scale = std::max(std::abs(a), std::abs(b));
    if (dim && dim->is_numeric()) scale = std::max(scale, dim->high() - dim->low());
    return a == b || std::abs(a - b) <= kResumeRelativeTolerance * scale;
  }
  return recorded == derived;
}

// What differs between the recorded trial and the one this run derives ("" when
// nothing beyond rounding), every value printed with all 17 digits.
std::string spec_mismatch(const TrialSpec& s, const Trial& t, const Space& space) {
  std::string diff;
  auto field = [&](const std::string& name, const std::string& recorded, const std::string& derived) {
    if (recorded != derived) diff += "\n  " + name + ": recorded " + recorded + ", this run " + derived;
  };
  for (const auto& [name, value] : t.params) {
    if (!s.params.has(name)) field(name, exact(value), "(absent)");
    else if (!same_value(value, s.params.at(name), space.find(name)))
      field(name, exact(value), exact(s.params.at(name)));
  }
  for (const auto& [name, value] : s.params)
    if (!t.params.has(name)) field(name, "(absent)", exact(value));
  field("budget", std::to_string(t.budget), std::to_string(s.budget));
  field("initial_epoch", std::to_string(t.initial_epoch), std::to_string(s.initial_epoch));
  field("bracket", std::to_string(t.bracket), std::to_string(s.bracket));
  field("rung", std::to_string(t.rung), std::to_string(s.rung));
  auto parent = [](const std::optional<int>& p) { return p ? std::to_string(*p) : std::string("none"); };
  field("resumed_from", parent(t.resumed_from), parent(s.resumed_from));
  return diff;
}

// After epoch e is journaled, the trial's earlier checkpoints (and temporary
// files a crash left) are no longer needed: only the journaled one (the
// training state) and the scoring epoch's so far (its model) are kept.
void remove_older_checkpoints(const fs::path& dir, const std::vector<std::string>& keep) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    bool kept = false;
    for (const std::string& k : keep) kept = kept || name.compare(0, k.size(), k) == 0;
    if (!kept) fs::remove(entry.path());
  }
}

// The epoch that scores a trial: the last one, or (ObjectiveMode::Best) the
// one with the best finite `metric`, the earliest among equals; nullptr when
// no epoch has a finite value to score.
const EpochRecord* scoring_epoch(const std::vector<EpochRecord>& history, const std::string& metric,
                                 Direction direction, ObjectiveMode mode) {
  if (history.empty()) return nullptr;
  if (mode == ObjectiveMode::Last) return &history.back();
  const EpochRecord* best = nullptr;
  double best_loss = 0;
  for (const EpochRecord& r : history) {
    const auto v = r.metric(metric);
    if (!v || !std::isfinite(*v)) continue;
    const double loss = direction == Direction::Minimize ? *v : -*v;
    if (!best || loss < best_loss) best = &r, best_loss = loss;
  }
  return best;
}

double loss_of(double value, Direction direction) { return direction == Direction::Minimize ? value : -value; }

// Everything the Study prints while it works.
class Progress {
 public:
  explicit Progress(std::ostream* out) : out_(out) {}

  void trial_start(const Trial& t, bool resuming, const std::string& where) {
    if (!out_) return;
    *out_ << "Trial " << t.id;
    if (!where.empty()) *out_ << " on " << where;
    if (t.bracket >= 0) *out_ << " (bracket s=" << t.bracket << ", rung " << t.rung << ")";
    *out_ << ": " << t.params;
    if (t.resumed_from) *out_ << ", continuing trial " << *t.resumed_from << " from epoch " << t.initial_epoch;
    if (resuming) *out_ << ", resuming after an interruption";
    *out_ << std::endl;
  }

  // `trial` >= 0 names the trial (several run at once).
  void epoch(const EpochRecord& r, int budget, int trial) {
    if (!out_) return;
    *out_ << "  ";
    if (trial >= 0) *out_ << "[trial " << trial << "] ";
    *out_ << "Epoch " << r.epoch << "/" << budget;
    for (const auto& [name, value] : r.metrics) *out_ << " - " << name << ": " << fmt4(value);
    *out_ << " - " << fmt1(r.wall_s) << " s" << std::endl;
  }

  // One line per finished trial: its outcome, the best so far, the search's
  // total elapsed time (trials of earlier runs included) and, when the
  // scheduler knows the budget left, the time left at the pace so far.
  void trial_end(const Trial& t, const std::string& where, const std::string& metric, const Trial* best,
                 double elapsed_s, double seconds_per_unit, std::optional<long> remaining) {
    if (!out_) return;
    *out_ << "  -> ";
    if (!where.empty()) *out_ << "trial " << t.id << " (" << where << ") ";
    *out_ << status_name(t.status);
    if (t.value) *out_ << ", " << metric << " = " << fmt4(*t.value);
    if (!t.fold_values.empty()) *out_ << " (+/- " << fmt4(t.value_std()) << " over " << t.fold_values.size() << " folds)";
    if (t.value_epoch > 0) *out_ << " (epoch " << t.value_epoch << ")";
    if (!t.stop_reason.empty()) *out_ << "; stopped after epoch " << t.last_epoch() << ": " << t.stop_reason;
    if (!t.failure.empty()) *out_ << ": " << t.failure;
    *out_ << " [" << fmt1(t.wall_s) << " s]";
    if (best && best->value) *out_ << "; best so far " << fmt4(*best->value) << " (trial " << best->id << ")";
    *out_ << "; elapsed " << duration_text(elapsed_s);
    if (remaining && seconds_per_unit > 0)
      *out_ << "; Estimated time left: " << duration_text(seconds_per_unit * static_cast<double>(*remaining)) << " ("
            << *remaining << " epochs at " << fmt4(seconds_per_unit) << " s each)";
    *out_ << std::endl;
  }

  // Several trials at once: which run where.
  void running(const std::vector<std::pair<int, std::string>>& where) {
    if (!out_ || where.empty()) return;
    *out_ << "  running:";
    for (size_t i = 0; i < where.size(); ++i)
      *out_ << (i ? ", " : " ") << "trial " << where[i].first << (where[i].second.empty() ? "" : " on " + where[i].second);
    *out_ << std::endl;
  }

  void lost(int trial, const std::string& reason, int attempt, int max_retries) {
    if (!out_) return;
    *out_ << "  -> trial " << trial << " lost: " << reason;
    if (attempt <= max_retries) *out_ << "; retrained from its last checkpoint (retry " << attempt << " of " << max_retries << ")";
    *out_ << std::endl;
  }

  std::ostream* stream() const { return out_; }

 private:
  static std::string fmt4(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", x);
    return buf;
  }
  static std::string fmt1(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
  }
  std::ostream* out_;
};

}  // namespace

Study::Study(Space space, Objective& objective, StudyOptions options)
    : space_(std::move(space)), objective_(objective), options_(std::move(options)) {
  check(!options_.repo_dir.empty(), "Study: repo_dir is required (where the journal and checkpoints go)");
  check(options_.max_consecutive_failed_trials >= 1, "Study: max_consecutive_failed_trials must be >= 1");
  check(space_.size() > 0, "Study: the search space is empty");
}

std::uint64_t Study::trial_seed(int trial_id) const {
  Rng rng = Rng(options_.seed, kTrialStream).derive(static_cast<uint64_t>(trial_id));
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

namespace {

// One run of a study: replays the journal, then keeps the executor busy with
// the scheduler's trials and records what the executor reports.
class StudyRun : public ExecutorEvents {
 public:
  StudyRun(const Space& space, Objective& objective, const StudyOptions& options, Scheduler& scheduler,
           Executor& executor, std::function<std::uint64_t(int)> trial_seed)
      : space_(space), objective_(objective), options_(options), scheduler_(scheduler), executor_(executor),
        trial_seed_(std::move(trial_seed)), repo_(options.repo_dir), progress_(options.log),
        direction_(objective.direction()), metric_(objective.metric()), mode_(objective.mode()),
        journal_(repo_) {}

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
  void check_recorded(const TrialSpec& spec, Trial& recorded) const;
  void start_new(const TrialSpec& spec);
  void submit(Running& r, bool resuming);
  void complete(Running& r, const TrialOutcome& outcome);
  void record_finished(const Trial& t, bool replayed);
  void update_best(const Trial& t);
  fs::path trial_dir(int id) const { return fs::path("trials") / std::to_string(id); }

  const Space& space_;
  Objective& objective_;
  const StudyOptions& options_;
  Scheduler& scheduler_;
  Executor& executor_;
  std::function<std::uint64_t(int)> trial_seed_;
  const fs::path& repo_;
  Progress progress_;
  const Direction direction_;
  const std::string metric_;
  const ObjectiveMode mode_;
  Journal journal_;

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

  if (progress_.stream() && !journal_.repaired_tail().empty())
    *progress_.stream() << "Dropped a line torn by a crash: " << journal_.repaired_tail() << "\n";
  JournalState state = replay(Journal::read(repo_));
  if (state.header.is_null()) {
    journal_.append(header);
  } else {
    for (const char* key : {"space", "algorithm", "objective", "seed"}) {
      const Json recorded = state.header.contains(key) ? state.header.at(key) : Json();
      Json expected = header.at(key);
      // Journals before version 3 scored the last epoch and say no mode.
      if (std::string(key) == "objective" && recorded.is_object() && !recorded.contains("mode") &&
          mode_ == ObjectiveMode::Last)
        expected.erase("mode");
      if (recorded == expected) continue;
      throw Error("repo_dir " + repo_.string() + " holds a search with another " + key + ":\n  recorded: " +
                  recorded.dump() + "\n  this run: " + header.at(key).dump() +
                  "\nUse another repo_dir (or remove this one) instead of mixing two searches.");
    }
    journal_.append({{"event", "resumed"}});
    if (progress_.stream())
      *progress_.stream() << "Resuming the search in " << repo_.string() << " (" << state.trials.size()
                          << " trials recorded)\n";
  }

  scheduler_.start(space_, Rng(options_.seed, kSchedulerStream), direction_);
  if (progress_.stream()) scheduler_.print_plan(*progress_.stream());
  replay_journal(state);
}

// The rest of a recorded trial's spec is this run's own: budgets, brackets,
// rungs and continued configurations must agree with the record (up to rounding).
void StudyRun::check_recorded(const TrialSpec& spec, Trial& r) const {
  const std::string mismatch = spec_mismatch(spec, r, space_);
  if (!mismatch.empty())
    throw Error("the journal in " + repo_.string() + " does not match this search at trial " +
                std::to_string(r.id) + ":\n  recorded: " +
                spec_text({r.params, r.budget, r.initial_epoch, r.bracket, r.rung, r.resumed_from}) +
                "\n  this run: " + spec_text(spec) + mismatch);
}

void StudyRun::replay_journal(const JournalState& state) {
  lost_ = state.lost;
  for (const JournalState::Step& step : state.steps) {
    Trial recorded = state.trials.at(step.trial);
    if (!step.finished) {
      std::optional<TrialSpec> spec = scheduler_.next_recorded(recorded);
      if (!spec)
        throw Error("the journal in " + repo_.string() + " records trial " + std::to_string(recorded.id) +
                    ", but this search ends before it: it was written by another search");
      check_recorded(*spec, recorded);
      next_id_ = std::max(next_id_, recorded.id + 1);
      if (!recorded.finished()) {  // interrupted: trained again from its last checkpoint
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

void StudyRun::start_new(const TrialSpec& spec) {
  Trial t = spec.trial(next_id_++);
  journal_.append(started_event(t));
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
  const std::string& model = t.value_checkpoint.empty() ? t.checkpoint : t.value_checkpoint;
  if (!model.empty() && fs::exists(repo_ / model))
    copy_file_atomically(repo_ / model, repo_ / Results::kBestModelName);
}

std::vector<Trial> by_id(const std::map<int, Trial>& trials) {
  std::vector<Trial> out;
  for (const auto& [id, t] : trials) out.push_back(t);
  return out;
}

void StudyRun::record_finished(const Trial& t, bool replayed) {
  scheduler_.tell(t);
  finished_[t.id] = t;
  update_best(t);
  if (!replayed) {
    Results(by_id(finished_), space_, metric_, direction_, repo_).write_csv(repo_ / Results::kCsvName);
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
  consecutive_failures_ = t.status == TrialStatus::Failed ? consecutive_failures_ + 1 : 0;
  if (consecutive_failures_ >= options_.max_consecutive_failed_trials)
    throw Error("search stopped: " + std::to_string(consecutive_failures_) +
                " trials failed in a row (max_consecutive_failed_trials); the last failure: " + t.failure +
                "\nThe trials so far are in " + (repo_ / Results::kCsvName).string());
}

Results StudyRun::run() {
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
  Results results(by_id(finished_), space_, metric_, direction_, repo_);
  results.write_csv(repo_ / Results::kCsvName);
  return results;
}

}  // namespace

Results Study::run_journaled(Scheduler& scheduler, Executor& executor) {
  StudyRun run(space_, objective_, options_, scheduler, executor, [this](int id) { return trial_seed(id); });
  return run.run();
}

}  // namespace tunet::tuner
