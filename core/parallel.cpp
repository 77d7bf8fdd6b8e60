#include "core/parallel.hpp"

#include <cmath>
#include <cstring>
#if defined(_OPENMP)
#include <omp.h>
#endif

namespace tunet {

void set_num_threads(int threads) {
#if defined(_OPENMP)
  if (threads <= 0) threads = omp_get_num_procs();
  omp_set_num_threads(threads);
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

// An exponent of all ones marks both NaN and infinity. Integer bit tests, so
// the loop vectorises (it runs over every input value of a data set).
bool all_finite(const float* values, int64_t count) {
  uint32_t bad = 0;
  TUNET_OMP(parallel for simd reduction(| : bad) if (count >= 8 * kParallelMinElements))
  for (int64_t i = 0; i < count; ++i) {
    uint32_t bits;
    std::memcpy(&bits, values + i, sizeof bits);
    bad |= static_cast<uint32_t>((bits & 0x7f800000u) == 0x7f800000u);
  }
  return bad == 0;
}

int64_t first_non_finite(const float* values, int64_t count) {
  if (all_finite(values, count)) return -1;
  for (int64_t i = 0; i < count; ++i)
    if (!std::isfinite(values[i])) return i;
  return -1;
}

void gather_rows(const float* source, int64_t row_size, const int64_t* rows, int64_t count, float* dst) {
  TUNET_OMP_FOR_IF(count * row_size >= kParallelMinElements)
  for (int64_t i = 0; i < count; ++i)
    std::memcpy(dst + i * row_size, source + rows[i] * row_size, sizeof(float) * static_cast<size_t>(row_size));
}

}  // namespace tunet
