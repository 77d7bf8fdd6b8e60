#include "tuner/study.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "core/error.hpp"
#include "tuner/atomic_file.hpp"
#include "tuner/storage_error.hpp"

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

  void trial_start(const Trial& t, bool resuming) {
    if (!out_) return;
    *out_ << "Trial " << t.id;
    if (t.bracket >= 0) *out_ << " (bracket s=" << t.bracket << ", rung " << t.rung << ")";
    *out_ << ": " << t.params;
    if (t.resumed_from) *out_ << ", continuing trial " << *t.resumed_from << " from epoch " << t.initial_epoch;
    if (resuming) *out_ << ", resuming after an interruption";
    *out_ << std::endl;
  }

  void epoch(const EpochRecord& r, int budget) {
    if (!out_) return;
    *out_ << "  Epoch " << r.epoch << "/" << budget;
    for (const auto& [name, value] : r.metrics) *out_ << " - " << name << ": " << fmt4(value);
    *out_ << " - " << fmt1(r.wall_s) << " s" << std::endl;
  }

  // One line per finished trial: its outcome, the best so far, the search's
  // total elapsed time (trials of earlier runs included) and, when the
  // scheduler knows the budget left, the time left at the pace so far.
  void trial_end(const Trial& t, const std::string& metric, const Trial* best, double elapsed_s,
                 double seconds_per_unit, std::optional<long> remaining) {
    if (!out_) return;
    *out_ << "  -> " << status_name(t.status);
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
  EveryProposal scheduler(proposer, budget);
  return run(scheduler);
}

Results Study::run(Scheduler& scheduler) {
  try {
    return run_journaled(scheduler);
  } catch (const StorageError& e) {
    throw StorageError(std::string(e.what()) + "\nThe search stopped; the journal and the last checkpoints in " +
                       options_.repo_dir.string() + " are intact: run it again to resume.");
  }
}

Results Study::run_journaled(Scheduler& scheduler) {
  const fs::path& repo = options_.repo_dir;
  Progress progress(options_.log);
  const Direction direction = objective_.direction();
  const std::string metric = objective_.metric();
  const ObjectiveMode mode = objective_.mode();

  Json header = Json::object();
  header["event"] = "study";
  header["version"] = Journal::kVersion;
  header["space"] = space_.to_json();
  header["algorithm"] = {{"name", scheduler.name()}, {"settings", scheduler.settings()}};
  header["objective"] = {{"metric", metric}, {"direction", direction_name(direction)},
                         {"mode", mode_name(mode)}, {"description", objective_.describe()}};
  header["seed"] = options_.seed;

  // Opening the journal checks that repo_dir is writable before any training.
  Journal journal(repo);
  if (progress.stream() && !journal.repaired_tail().empty())
    *progress.stream() << "Dropped a line torn by a crash: " << journal.repaired_tail() << "\n";
  JournalState state = replay(Journal::read(repo));
  if (state.header.is_null()) {
    journal.append(header);
  } else {
    for (const char* key : {"space", "algorithm", "objective", "seed"}) {
      const Json recorded = state.header.contains(key) ? state.header.at(key) : Json();
      Json expected = header.at(key);
      // Journals before version 3 scored the last epoch and say no mode.
      if (std::string(key) == "objective" && recorded.is_object() && !recorded.contains("mode") &&
          mode == ObjectiveMode::Last)
        expected.erase("mode");
      if (recorded == expected) continue;
      throw Error("repo_dir " + repo.string() + " holds a search with another " + key + ":\n  recorded: " +
                  recorded.dump() + "\n  this run: " + header.at(key).dump() +
                  "\nUse another repo_dir (or remove this one) instead of mixing two searches.");
    }
    journal.append({{"event", "resumed"}});
    if (progress.stream())
      *progress.stream() << "Resuming the search in " << repo.string() << " (" << state.trials.size()
                         << " trials recorded)\n";
  }

  scheduler.start(space_, Rng(options_.seed, kSchedulerStream), direction);
  if (progress.stream()) scheduler.print_plan(*progress.stream());

  std::vector<Trial> trials;
  std::optional<Trial> best;
  int consecutive_failures = 0;
  double trained_seconds = 0;
  long trained_units = 0;
  double recorded_seconds = 0;  // wall time of the trials finished by earlier runs
  const auto started = std::chrono::steady_clock::now();

  auto update_best = [&](const Trial& t) {
    if (!t.ok() || !std::isfinite(t.loss)) return;
    if (best && !better(t, *best)) return;
    best = t;
    const std::string& model = t.value_checkpoint.empty() ? t.checkpoint : t.value_checkpoint;
    if (!model.empty() && fs::exists(repo / model)) copy_file_atomically(repo / model, repo / Results::kBestModelName);
  };

  for (int id = 0;; ++id) {
    // A trial in the journal is replayed with its recorded configuration.
    auto recorded = state.trials.find(id);
    std::optional<TrialSpec> spec =
        recorded != state.trials.end() ? scheduler.next_recorded(recorded->second) : scheduler.next();
    if (!spec) {
      if (recorded == state.trials.end()) break;
      throw Error("the journal in " + repo.string() + " records trial " + std::to_string(id) +
                  ", but this search ends before it: it was written by another search");
    }
    if (recorded != state.trials.end()) {
      // The rest of the spec is this run's own: budgets, brackets, rungs and
      // continued configurations must agree with the record (up to rounding).
      Trial& r = recorded->second;
      const std::string mismatch = spec_mismatch(*spec, r, space_);
      if (!mismatch.empty())
        throw Error("the journal in " + repo.string() + " does not match this search at trial " +
                    std::to_string(id) + ":\n  recorded: " +
                    spec_text({r.params, r.budget, r.initial_epoch, r.bracket, r.rung, r.resumed_from}) +
                    "\n  this run: " + spec_text(*spec) + mismatch);
      spec->params = r.params;
    }
    Trial t;
    const bool replayed = recorded != state.trials.end() && recorded->second.finished();
    if (replayed) {
      t = recorded->second;
    } else {
      const bool interrupted = recorded != state.trials.end();
      t.id = id;
      t.params = spec->params;
      t.budget = spec->budget;
      t.initial_epoch = spec->initial_epoch;
      t.bracket = spec->bracket;
      t.rung = spec->rung;
      t.resumed_from = spec->resumed_from;
      if (!interrupted) journal.append(started_event(t));
      progress.trial_start(t, interrupted);

      const fs::path trial_dir = fs::path("trials") / std::to_string(id);
      TrialContext ctx([&](const EpochRecord& record) {
        const fs::path checkpoint = trial_dir / ctx.checkpoint_path(record.epoch).filename();
        const bool saved = fs::exists(repo / checkpoint);
        t.history.push_back(record);
        if (saved) t.checkpoint = checkpoint.string();
        journal.append(epoch_event(t.id, record, saved ? checkpoint.string() : ""));
        if (saved) {
          std::vector<std::string> keep = {checkpoint.filename().string()};
          if (const EpochRecord* s = scoring_epoch(t.history, metric, direction, mode))
            keep.push_back(ctx.checkpoint_path(s->epoch).filename().string());
          remove_older_checkpoints(repo / trial_dir, keep);
        }
        progress.epoch(record, t.budget);
      });
      ctx.trial_id = id;
      ctx.budget = t.budget;
      ctx.seed = trial_seed(id);
      ctx.checkpoint_dir = repo / trial_dir;
      ctx.log = options_.log;
      double earlier_wall = 0;
      if (interrupted && !recorded->second.history.empty() && !recorded->second.checkpoint.empty() &&
          fs::exists(repo / recorded->second.checkpoint)) {
        // Restart from the last epoch whose checkpoint was safely written.
        t.history = recorded->second.history;
        t.checkpoint = recorded->second.checkpoint;
        for (const EpochRecord& r : t.history) earlier_wall += r.wall_s;
        ctx.initial_epoch = t.history.back().epoch;
        ctx.resume_from = repo / t.checkpoint;
        ctx.history = t.history;
      } else if (t.resumed_from) {
        const Trial* parent = nullptr;
        for (const Trial& p : trials)
          if (p.id == *t.resumed_from) parent = &p;
        if (parent && !parent->checkpoint.empty() && fs::exists(repo / parent->checkpoint)) {
          ctx.initial_epoch = t.initial_epoch;
          ctx.resume_from = repo / parent->checkpoint;
        }
      }

      const int first_epoch = ctx.initial_epoch;
      const auto t0 = std::chrono::steady_clock::now();
      try {
        if (ctx.initial_epoch >= t.budget && !t.history.empty()) {
          // Interrupted after its last epoch was recorded: the outcome is in the journal.
          auto v = t.history.back().metric(metric);
          check(v.has_value(), "trial " + std::to_string(id) + ": its last epoch has no " + metric);
          t.value = *v;
        } else {
          Score score = objective_.evaluate(t.params, ctx);
          t.value = score.value;
          t.fold_values = score.folds;
          if (t.last_epoch() < t.budget) t.stop_reason = score.stop_reason;
        }
        t.value_checkpoint = t.checkpoint;
        if (const EpochRecord* r = scoring_epoch(t.history, metric, direction, mode)) {
          if (mode == ObjectiveMode::Best) {
            t.value = r->metric(metric);
            t.fold_values = r->fold_values(metric);
          }
          t.value_epoch = r->epoch;
          const fs::path kept = trial_dir / ctx.checkpoint_path(r->epoch).filename();
          if (fs::exists(repo / kept)) t.value_checkpoint = kept.string();
        }
        if (std::isfinite(*t.value)) {
          t.status = TrialStatus::Completed;
        } else {
          t.status = TrialStatus::Failed;
          t.failure = metric + " is " + std::to_string(*t.value) + " (not finite)";
          t.value.reset();
        }
      } catch (const StorageError&) {
        // The disk, not the trial, failed: stop with the journal as it is (this
        // trial stays "started"; a resume retrains it from its last checkpoint).
        throw;
      } catch (const TrialPruned& e) {
        t.status = TrialStatus::Pruned;
        t.failure = e.what();
        t.value.reset();
        if (!t.history.empty())
          if (auto v = t.history.back().metric(metric); v && std::isfinite(*v)) t.value = v;
      } catch (const std::exception& e) {
        t.status = TrialStatus::Failed;
        t.failure = e.what();
        t.value.reset();
      }
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      t.wall_s = earlier_wall + seconds;
      t.loss = t.ok() ? loss_of(*t.value, direction) : std::numeric_limits<double>::infinity();
      journal.append(finished_event(t));
      trained_seconds += seconds;
      trained_units += std::max(0, t.last_epoch() - first_epoch);
    }

    scheduler.tell(t);
    trials.push_back(t);
    update_best(t);
    if (!replayed) {
      Results(trials, space_, metric, direction, repo).write_csv(repo / Results::kCsvName);
      const double elapsed =
          recorded_seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      progress.trial_end(t, metric, best ? &*best : nullptr, elapsed,
                         trained_units > 0 ? trained_seconds / static_cast<double>(trained_units) : 0,
                         scheduler.remaining_budget());
    } else {
      recorded_seconds += t.wall_s;
    }

    consecutive_failures = t.status == TrialStatus::Failed ? consecutive_failures + 1 : 0;
    if (consecutive_failures >= options_.max_consecutive_failed_trials)
      throw Error("search stopped: " + std::to_string(consecutive_failures) +
                  " trials failed in a row (max_consecutive_failed_trials); the last failure: " + t.failure +
                  "\nThe trials so far are in " + (repo / Results::kCsvName).string());
  }

  Results results(std::move(trials), space_, metric, direction, repo);
  results.write_csv(repo / Results::kCsvName);
  return results;
}

}  // namespace tunet::tuner
