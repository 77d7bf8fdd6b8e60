#pragma once
// ProgressPrinter: every line a Study prints while it works, and nothing else.
// A trial's start (with its bracket, rung and the trial it continues), each
// epoch's metrics, a finished trial's outcome with the best so far, the
// elapsed time and the estimated time left, which trials run where when
// several run at once, and a lost worker. A null stream prints nothing.
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tuner/study/trial.hpp"

namespace tunet::tuner {

class ProgressPrinter {
 public:
  explicit ProgressPrinter(std::ostream* out) : out_(out) {}

  void trial_start(const Trial& t, bool resuming, const std::string& where);
  // `trial` >= 0 names the trial (several run at once).
  void epoch(const EpochRecord& r, int budget, int trial);
  // One line per finished trial: its outcome, the best so far, the search's
  // total elapsed time (trials of earlier runs included) and, when the
  // scheduler knows the budget left, the time left at the pace so far.
  void trial_end(const Trial& t, const std::string& where, const std::string& metric, const Trial* best,
                 double elapsed_s, double seconds_per_unit, std::optional<long> remaining);
  // Several trials at once: which run where.
  void running(const std::vector<std::pair<int, std::string>>& where);
  void lost(int trial, const std::string& reason, int attempt, int max_retries);

  std::ostream* stream() const { return out_; }

 private:
  std::ostream* out_;
};

}  // namespace tunet::tuner
