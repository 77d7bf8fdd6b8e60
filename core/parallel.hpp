#pragma once
// One thread pool for everything: OpenMP's. Eigen never starts threads of its
// own (EIGEN_DONT_PARALLELIZE, set by core/CMakeLists.txt): the CPU kernels
// split its products themselves (core/cpu/gemm.hpp). Elementwise loops go
// parallel only above kParallelMinElements (measured in bench/: below it,
// threading costs more than it saves).
//
// Results do not depend on the number of threads: work is cut into pieces
// fixed by its sizes alone, never by the thread count, and a sum split
// between threads adds its pieces' partial sums in piece order
// (reduction_groups, chunked_sum below), so 1, 2 or N threads give the same
// bits (tests/test_nn_thread_determinism.cpp).
#include <cstdint>
#include <exception>
#include <vector>

namespace tunet {

inline constexpr int64_t kParallelMinElements = 1 << 15;

void set_num_threads(int threads);  // <= 0: OpenMP's default
int num_threads();                  // 1 without OpenMP

// True when no value of values[0 .. count) is NaN or infinite (both threads scan
// a large buffer); first_non_finite gives the index of the first such value, or -1.
bool all_finite(const float* values, int64_t count);
int64_t first_non_finite(const float* values, int64_t count);

// dst row i = source row rows[i], for i in [0, count), rows of row_size floats
// (a batch gathered from a shuffled data set). Both threads copy a large batch:
// the rows lie scattered over the source, and each copy waits on memory.
void gather_rows(const float* source, int64_t row_size, const int64_t* rows, int64_t count, float* dst);

// fn(i) for i in [0, count), shared out statically over the threads (one fork
// for the whole loop). An exception thrown by any fn(i) is rethrown here once
// every index has run, the lowest index's first.
template <class Fn>
void parallel_for_each(int64_t count, Fn fn);

// body(i) for i in [0, count): shared out statically over the threads when
// `parallel`, else a plain loop that opens no OpenMP region at all. (An `if`
// clause that is false still starts and frees a one-thread team, about a
// microsecond each time: too much for a loop that a kernel calls once per
// sample inside its own parallel region.)
template <class Body>
void parallel_for_if(bool parallel, int64_t count, Body body);

// A sum over `count` items (samples, chunks) split between the threads is cut
// into reduction_groups(count) groups of consecutive items, whatever the
// number of threads: each group sums its items in order into its own partial
// sum, and the partial sums are added in group order. More groups than
// threads cost a little memory, never a different result.
inline constexpr int64_t kReductionGroups = 16;
inline int64_t reduction_groups(int64_t count) { return count < kReductionGroups ? count : kReductionGroups; }

// Items [begin, end) of group g of `groups` over `count` items.
struct IndexRange {
  int64_t begin, end;
};
inline IndexRange group_range(int64_t count, int64_t groups, int64_t g) {
  return {count * g / groups, count * (g + 1) / groups};
}

// sum over [0, count) as part(begin, end) (a double) of chunks of kSumChunk
// items, the chunks' sums added in chunk order: the same bits serial or on
// any number of threads (parallel above kParallelMinElements).
inline constexpr int64_t kSumChunk = int64_t(1) << 14;
template <class Part>
double chunked_sum(int64_t count, Part part);

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

template <class Body>
void parallel_for_if(bool parallel, int64_t count, Body body) {
  if (!parallel) {
    for (int64_t i = 0; i < count; ++i) body(i);
    return;
  }
  TUNET_OMP(parallel for schedule(static))
  for (int64_t i = 0; i < count; ++i) body(i);
}

template <class Part>
double chunked_sum(int64_t count, Part part) {
  const int64_t chunks = (count + kSumChunk - 1) / kSumChunk;
  if (chunks <= 1) return count > 0 ? part(int64_t(0), count) : 0.0;
  std::vector<double> sums(static_cast<size_t>(chunks));
  TUNET_OMP(parallel for schedule(static) if (count >= kParallelMinElements))
  for (int64_t c = 0; c < chunks; ++c)
    sums[static_cast<size_t>(c)] = part(c * kSumChunk, c + 1 == chunks ? count : (c + 1) * kSumChunk);
  double total = 0;
  for (double s : sums) total += s;
  return total;
}

}  // namespace tunet
