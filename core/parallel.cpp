#include "core/parallel.hpp"

#include <Eigen/Core>
#if defined(_OPENMP)
#include <omp.h>
#endif

namespace tunet {

void set_num_threads(int threads) {
#if defined(_OPENMP)
  if (threads <= 0) threads = omp_get_num_procs();
  omp_set_num_threads(threads);
  Eigen::setNbThreads(threads);
#else
  (void)threads;
#endif
}

int num_threads() {
#if defined(_OPENMP)
  return omp_get_max_threads();
#else
  return 1;
#endif
}

int thread_index() {
#if defined(_OPENMP)
  return omp_get_thread_num();
#else
  return 0;
#endif
}

}  // namespace tunet
