#pragma once
// One thread pool for everything: OpenMP's. Eigen's GEMM uses the same pool,
// so nothing oversubscribes the cores. Elementwise loops go parallel only
// above kParallelMinElements (measured in bench/: below it, threading costs
// more than it saves).
#include <cstdint>
#include <exception>
#include <vector>

namespace tunet {

inline constexpr int64_t kParallelMinElements = 1 << 15;

void set_num_threads(int threads);  // <= 0: OpenMP's default
int num_threads();                  // 1 without OpenMP
int thread_index();                 // this thread's number in its OpenMP team, 0 outside one

// True when no value of values[0 .. count) is NaN or infinite (both threads scan
// a large buffer); first_non_finite gives the index of the first such value, or -1.
bool all_finite(const float* values, int64_t count);
int64_t first_non_finite(const float* values, int64_t count);

// fn(i) for i in [0, count), shared out statically over the threads (one fork
// for the whole loop). An exception thrown by any fn(i) is rethrown here once
// every index has run, the lowest index's first.
template <class Fn>
void parallel_for_each(int64_t count, Fn fn);

}  // namespace tunet

#define TUNET_PRAGMA(x) _Pragma(#x)
#if defined(_OPENMP)
// An OpenMP directive, e.g. TUNET_OMP(parallel num_threads(n)); nothing without OpenMP.
#define TUNET_OMP(directive) TUNET_PRAGMA(omp directive)
// Parallel for over the next loop when `condition` holds.
#define TUNET_OMP_FOR_IF(condition) TUNET_PRAGMA(omp parallel for schedule(static) if (condition))
#else
#define TUNET_OMP(directive)
#define TUNET_OMP_FOR_IF(condition)
#endif

namespace tunet {

template <class Fn>
void parallel_for_each(int64_t count, Fn fn) {
  std::vector<std::exception_ptr> errors(static_cast<size_t>(count));
  TUNET_OMP(parallel for schedule(static) if (count > 1))
  for (int64_t i = 0; i < count; ++i) {
    try {
      fn(i);
    } catch (...) {
      errors[static_cast<size_t>(i)] = std::current_exception();
    }
  }
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
}

}  // namespace tunet
