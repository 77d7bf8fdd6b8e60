#pragma once
// AskTell: a search whose trials are trained outside tunet, by a program in
// any language, one command (or C call) at a time: Optuna's ask-and-tell
// interface on tunet's journal.
//
//   AskTell::create(read_config("svc.json"), "runs/svc");   // tunet init
//   AskTell run("runs/svc");
//   AskTell::Asked a = run.ask();                           // tunet ask
//   if (a.kind == AskTell::Asked::Kind::Trial) {
//     double v = train(a.trial.params, a.trial.budget);
//     run.tell(a.trial.id, {.value = v});                   // tunet tell
//   }
//
// A run folder holds config.json (the search, ask_tell_config.hpp), the
// journal, results.csv and the lock file. Each ask and tell takes the lock
// (run_lock.hpp), replays the journal, checks and appends, and lets go: any
// number of processes may ask and tell at once, and every one of them sees
// the search as the journal says it is. Nothing else is kept between calls.
//
// The journal's events, as a `tunet tune` search writes them:
//   ask       "started" (the trial, budget, bracket, rung, resumed_from)
//   tell      "epoch" per told epoch (metric = the value, no checkpoint), then
//             "finished" once the trial's last epoch (its budget) is told,
//             or it is told as failed or pruned
//   timeout   "lost" when an ask finds a trial silent for more than
//             lost_after_s (nothing told since it was handed out): the same
//             trial is handed out again, at most max_trial_retries times,
//             then it is "finished" as failed
// so `tunet results`, `plot` and `report` read such a run as any other.
//
// Pending trials: asks may run ahead of tells. The scheduler is given the
// journal's trials in order (started: next_recorded, finished: tell), so a
// trial handed out and not yet told is pending there, as in a parallel
// search: the GP models it with a constant liar (gp_ask_tell.hpp), Hyperband
// and ASHA promote from finished trials only. When nothing can start until a
// pending trial is told (a Hyperband rung), ask says Wait; when the search is
// over, Done.
//
// Bad input throws Error with one line and leaves the journal as it was: a
// trial id never handed out or already finished, an epoch out of order or
// beyond the budget, a config that differs from the one the run was made
// with, a corrupt journal, a lock not obtained in time. A told value that is
// not a finite number (NaN, inf, or text the caller could not read) fails
// the trial, recorded with the reason, as Optuna's tell does, and then throws.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tuner/config/json.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

struct AskTellOptions {
  double lost_after_s = 0;     // a pending trial silent this long is handed out again; 0: never
  double lock_timeout_s = 30;  // how long to wait for another ask or tell on the run
};

// What a tell reports about a trial.
struct Told {
  TrialStatus status = TrialStatus::Completed;  // Completed, Failed or Pruned
  double value = 0;                  // the metric (Completed, or an epoch's value)
  std::optional<int> epoch{};        // the epoch this value is of; none: the trial's final value
  std::string reason{};              // Failed or Pruned: why; a value that is no finite number: what it was
};

class AskTell {
 public:
  static constexpr const char* kConfigName = "config.json";

  // Makes `run_dir` an ask/tell run of `config`: writes run_dir/config.json
  // and the journal's header. A folder already made with the same search is
  // left as it is (returns false); one with another search is refused.
  static bool create(const Json& config, const std::filesystem::path& run_dir);

  // Opens a run made by create(). Throws Error when run_dir holds none.
  explicit AskTell(std::filesystem::path run_dir, AskTellOptions options = {});

  struct Asked {
    enum class Kind { Trial, Wait, Done } kind = Kind::Done;
    Trial trial;                 // Kind::Trial: id, params, budget, initial_epoch, bracket, rung, resumed_from
    std::uint64_t seed = 0;      // the trial's seed, derived from the study seed
    int attempt = 1;             // > 1: handed out again after its trainer went silent
    int epochs_told = 0;         // the last epoch told for it before (a trial handed out again)
    std::vector<int> pending;    // Kind::Wait: the trials a tell is awaited from
    int finished = 0;            // trials finished so far
    Json to_json() const;        // what `tunet ask --json` prints and the C API returns
  };
  Asked ask();
  // Records `told` for trial `id`; returns the trial as the journal now has it.
  Trial tell(int id, const Told& told);

  const std::filesystem::path& run_dir() const { return run_dir_; }
  const std::string& metric() const { return metric_; }

 private:
  std::filesystem::path run_dir_;
  AskTellOptions options_;
  std::string metric_;
};

}  // namespace tunet::tuner
