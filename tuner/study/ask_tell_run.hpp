#pragma once
// What an ask and a tell share (ask_tell.hpp), done under the run's lock:
// the journal opened (a torn last line cut off), read and replayed; each
// append applied to that state at once; trials finished as the Study
// finishes them (the value by the objective's mode, results.csv rewritten).
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tuner/config/json.hpp"
#include "tuner/storage/journal.hpp"

namespace tunet::tuner {

class RunJournal {
 public:
  // Throws Error naming the file and line when the journal is corrupt.
  explicit RunJournal(const std::filesystem::path& run_dir);

  JournalState state;

  // Appends `event` (with its time) and replays it into `state`.
  void append(Json event);
  // This call's time (seconds since the epoch), and when trial `id` was last
  // heard of: its started, epoch or lost event.
  double now() const { return now_; }
  double last_heard(int id) const;
  std::vector<int> pending() const;  // started, not finished, by id
  int next_id() const;

  // The trial a tell is for; Error when it was never handed out or is finished.
  const Trial& trial_to_tell(int id) const;
  // Journals epoch `epoch` of trial `id` with `value` (finite); at its budget
  // the trial is finished too, its value by the objective's mode.
  Trial tell_epoch(int id, int epoch, double value);
  Trial finish_failed(int id, const std::string& reason);
  Trial finish_pruned(int id, const std::string& reason);  // its value: the last told epoch's
  // Trials whose last epoch (their budget) is journaled but not their outcome
  // (a tell cut short between its two events): finished now.
  void finish_told_trials();

 private:
  Trial finish(Trial t);

  std::filesystem::path run_dir_;
  Journal journal_;
  std::vector<Json> events_;
  std::map<int, double> last_heard_;
  double now_ = 0;
};

// Throws Error, one line, when the journal's study header `recorded` is not
// `expected`, the header of `source`'s search (a config).
void check_same_search(const Json& recorded, const Json& expected, const std::string& source,
                       const std::filesystem::path& run_dir);

}  // namespace tunet::tuner
