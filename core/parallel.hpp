#pragma once
// One thread pool for everything: OpenMP's. Eigen's GEMM uses the same pool,
// so nothing oversubscribes the cores. Elementwise loops go parallel only
// above kParallelMinElements (measured in bench/: below it, threading costs
// more than it saves).
#include <cstdint>

namespace tunet {

inline constexpr int64_t kParallelMinElements = 1 << 15;

void set_num_threads(int threads);  // <= 0: OpenMP's default
int num_threads();                  // 1 without OpenMP
int thread_index();                 // this thread's number in its OpenMP team, 0 outside one

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
