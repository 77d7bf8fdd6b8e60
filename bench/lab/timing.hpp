#pragma once
// Timing for the lab: the best of a few runs (the least disturbed by other
// work on a shared machine), bounded by a time cap.
#include <chrono>
#include <cstdint>

namespace tunet::lab {

struct Timing {
  double best_s = 0.0;  // fastest run
  int runs = 0;
};

// Runs fn once as a warm-up (page faults, packing buffers), then up to
// `repetitions` timed runs, stopping early once `cap_s` seconds have gone by.
template <class Fn>
Timing time_best(Fn&& fn, int repetitions, double cap_s) {
  using Clock = std::chrono::steady_clock;
  const auto seconds = [](Clock::time_point from) {
    return std::chrono::duration<double>(Clock::now() - from).count();
  };
  const auto start = Clock::now();
  fn();
  Timing t;
  const bool warmup_used_cap = seconds(start) > cap_s;
  for (int r = 0; r < repetitions && (r == 0 || seconds(start) < cap_s); ++r) {
    if (warmup_used_cap && r > 0) break;
    const auto t0 = Clock::now();
    fn();
    const double s = seconds(t0);
    t.best_s = t.runs == 0 ? s : (s < t.best_s ? s : t.best_s);
    ++t.runs;
  }
  return t;
}

}  // namespace tunet::lab
