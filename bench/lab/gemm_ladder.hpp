#pragma once
// The GEMM ladder: float32, row-major, C (m x n) = A (m x k) B (k x n), every
// operand contiguous (lda = k, ldb = ldc = n). Each rung is one function; each
// adds one idea to the one before (the comments at the definitions say what
// and why it is faster). docs/kernel_lab.md reads the measured ladder.
//
//   gemm_naive            the specification: C[i][j] = sum_p A[i][p] B[p][j]
//   gemm_ikj              loop order i-k-j: unit-stride inner loop, vectorised
//   gemm_blocked          + cache blocking: a B block stays in L2 while A streams
//   gemm_packed_*         + packed panels and a register-blocked micro-kernel
//   gemm_packed_parallel  + OpenMP, one strip of C per thread (same bits for any thread count)
//   gemm_core             core's cpu::gemm: packed or Eigen as gemm_kernel_for picks
//   gemm_eigen            Eigen's GEMM on the same buffers (the reference to beat)
//   openblas, blis, onednn  the peer libraries (bench/lab/peers.hpp), where the build has them
#include <cstdint>
#include <string>
#include <vector>

namespace tunet::lab {

using GemmFn = void (*)(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k);

void gemm_naive(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k);
void gemm_ikj(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k);
void gemm_blocked(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k);
// The packed rungs are core's packed GEMM (core/cpu/packed_gemm.hpp).
// One thread; the widest micro-kernel of the build.
void gemm_packed(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k);
// The same driver with the plain C++ 4 x 16 kernel, and with the AVX2 6 x 16
// kernel where the build has AVX2 + FMA: the ladder shows what intrinsics add.
void gemm_packed_portable(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k);
#if defined(__AVX2__) && defined(__FMA__)
void gemm_packed_avx2(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k);
#endif
// On the OpenMP threads (num_threads()), one strip of C each.
void gemm_packed_parallel(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k);
// core's cpu::gemm (core/cpu/gemm.hpp) as the library runs it.
void gemm_core(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k);
// Eigen's product on mapped buffers; on OpenMP's threads unless the build
// defines EIGEN_DONT_PARALLELIZE (core does: its GEMM tiles are its own).
void gemm_eigen(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k);

// Only C's rows in `rows` by the naive formula (the error check of sizes too
// large for the whole naive product); c_rows is rows.size() x n.
void gemm_naive_rows(const float* a, const float* b, float* c_rows, const std::vector<int64_t>& rows,
                     int64_t n, int64_t k);

struct GemmRung {
  std::string name;
  std::string adds;    // one line: what this rung adds to the one before
  GemmFn fn;           // nullptr when missing
  bool threaded;       // uses the OpenMP threads (the others run on one)
  std::string missing = "";  // why the build lacks this rung ("" when it has it)
};

// The rungs in ladder order, naive first, then Eigen, then the peers.
const std::vector<GemmRung>& gemm_ladder();

// The micro-kernel the packed rung uses: "avx512 14x32", "avx2 6x16", "neon 8x12" or "portable 4x16".
std::string gemm_micro_kernel_name();

}  // namespace tunet::lab
