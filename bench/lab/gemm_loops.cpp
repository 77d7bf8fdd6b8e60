// The first three GEMM rungs: plain loops over row-major float matrices.
#include <algorithm>
#include <cstring>

#include "bench/lab/gemm_ladder.hpp"

namespace tunet::lab {

// Rung 0, the specification: C[i][j] = sum_{p<k} A[i][p] B[p][j], summed in
// order of p. The inner loop walks B down a column, n floats apart: one cache
// line per multiply-add, and nothing to vectorise. ~1 GFLOP/s.
void gemm_naive(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      float sum = 0.0f;
      for (int64_t p = 0; p < k; ++p) sum += a[i * k + p] * b[p * n + j];
      c[i * n + j] = sum;
    }
  }
}

void gemm_naive_rows(const float* a, const float* b, float* c_rows, const std::vector<int64_t>& rows,
                     int64_t n, int64_t k) {
  for (size_t r = 0; r < rows.size(); ++r) gemm_naive(a + rows[r] * k, b, c_rows + r * n, 1, n, k);
}

// Rung 1, loop order i-k-j: C[i][:] += A[i][p] * B[p][:]. The same sums in
// the same order of p, but the inner loop now runs along rows of B and C
// (unit stride): the compiler vectorises it, and each B line fetched serves
// 16 multiply-adds. It still reloads and stores the C row for every p, and
// reads all of B (k x n floats) once per row of A: past L2 it waits on memory.
void gemm_ikj(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  for (int64_t i = 0; i < m; ++i) {
    float* ci = c + i * n;
    std::memset(ci, 0, sizeof(float) * n);
    for (int64_t p = 0; p < k; ++p) {
      const float aip = a[i * k + p];
      const float* bp = b + p * n;
      for (int64_t j = 0; j < n; ++j) ci[j] += aip * bp[j];
    }
  }
}

// Rung 2, cache blocking: the i-k-j loops over a kKb x kNb block of B
// (128 x 512 floats = 256 KiB, held in L2) for every row of A before moving
// to the next block, and over a kNb-wide C segment (2 KiB, in L1). B now comes
// from memory once per block instead of once per row. What is left: every
// multiply-add still loads and stores C (2 memory operations per FMA), which
// caps it well below the FMA peak.
void gemm_blocked(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  constexpr int64_t kKb = 128, kNb = 512;
  std::fill(c, c + m * n, 0.0f);
  for (int64_t p0 = 0; p0 < k; p0 += kKb) {
    const int64_t p1 = std::min(k, p0 + kKb);
    for (int64_t j0 = 0; j0 < n; j0 += kNb) {
      const int64_t j1 = std::min(n, j0 + kNb);
      for (int64_t i = 0; i < m; ++i) {
        float* ci = c + i * n;
        for (int64_t p = p0; p < p1; ++p) {
          const float aip = a[i * k + p];
          const float* bp = b + p * n;
          for (int64_t j = j0; j < j1; ++j) ci[j] += aip * bp[j];
        }
      }
    }
  }
}

}  // namespace tunet::lab
