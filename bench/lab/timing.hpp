#pragma once
// Timing for the lab: the best of a few runs (the least disturbed by other
// work on a shared machine), bounded by a time cap. Each run is timed on the
// wall clock and on the calling thread's CPU clock: for a one-thread kernel
// the CPU time leaves out the time the thread waited for a core (a loaded
// machine), though not what other jobs do to the shared caches.
#include <chrono>
#include <cstdint>
#include <ctime>

namespace tunet::lab {

struct Timing {
  double best_s = 0.0;      // fastest run, wall clock
  double best_cpu_s = 0.0;  // fastest run, this thread's CPU time
  int runs = 0;
};

inline double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

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
    const double cpu0 = thread_cpu_seconds();
    fn();
    const double s = seconds(t0), cpu = thread_cpu_seconds() - cpu0;
    t.best_s = t.runs == 0 ? s : (s < t.best_s ? s : t.best_s);
    t.best_cpu_s = t.runs == 0 ? cpu : (cpu < t.best_cpu_s ? cpu : t.best_cpu_s);
    ++t.runs;
  }
  return t;
}

}  // namespace tunet::lab
