#pragma once
// Early stoppers with scikit-optimize's meaning (skopt.callbacks): after every
// call a stopper sees the values so far (losses, to minimise, in call order;
// NaN for a failed call) and returns true to end the search.
//
//   gp_minimize(f, space, {.n_calls = 100, .stoppers = {DeltaYStopper(0.01), DeadlineStopper(3600)}});
//   StoppingProposer(std::make_unique<RandomSearch>(...), {DeadlineStopper(600)})  // any Study search
//
// DeltaYStopper(delta, n_best = 5): stops once at least n_best calls succeeded
//   and the n_best lowest values lie within delta: |y_(n_best) - y_(1)| < delta
//   (y sorted ascending, failed calls left out).
// DeadlineStopper(total_time): stops when the time left, total_time minus the
//   sum of the calls' durations, is at most the longest call so far (the next
//   call might not fit), once a call has succeeded. A call's duration is the
//   time between two stopper calls, the first measured from the stopper's
//   construction. In a resumed Study, the replayed calls take no time: the
//   deadline counts this run's time.
#include <functional>
#include <string>
#include <vector>

#include "tuner/config/json.hpp"

namespace tunet::tuner {

using Stopper = std::function<bool(const std::vector<double>& func_vals)>;

class DeltaYStopper {
 public:
  explicit DeltaYStopper(double delta, int n_best = 5);
  bool operator()(const std::vector<double>& func_vals) const;

 private:
  double delta_;
  int n_best_;
};

class DeadlineStopper {
 public:
  using Clock = std::function<double()>;  // seconds, monotonic
  static double steady_seconds();

  explicit DeadlineStopper(double total_time, Clock clock = steady_seconds);
  bool operator()(const std::vector<double>& func_vals);
  const std::vector<double>& iter_time() const { return iter_time_; }  // seconds per call so far

 private:
  double total_time_;
  Clock clock_;
  double last_;
  std::vector<double> iter_time_;
};

// A config's list of stoppers, `path` naming it in errors (search.stoppers):
//   [{"type": "delta_y", "delta": 0.01, "n_best": 5}, {"type": "deadline", "total_time": 3600}]
std::vector<Stopper> stoppers_from_json(const Json& list, const std::string& path);

}  // namespace tunet::tuner
