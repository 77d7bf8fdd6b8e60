#pragma once
// gemm: C (M, N) [+]= op(A) op(B) on row-major buffers, the product the dense
// layer and matmul run, by one of two kernels chosen from the shape alone
// (gemm_kernel_for below):
//   packed: core/cpu/packed_gemm.hpp, BLIS's loops around an AVX-512 14 x 32
//     micro-kernel; its threads take fixed macro-tiles and every element of C
//     is summed in one order (K in slices of 384, in order) whatever their number.
//   Eigen: one tile of C per call on one thread; the tiles are fixed by
//     (M, N, K) alone and shared out between the threads (Eigen's own
//     multithreaded product picks its depth blocking by the thread count, so
//     its sums would not repeat bit for bit).
// Either way each element of C is summed in the same order on any number of
// threads, and the choice never reads the thread count.
#include <cstdint>

#include "core/op_kernels.hpp"

namespace tunet::cpu {

enum class GemmKernel { kEigen, kPacked };

// The kernel for C (m, n) = op(A) (m, k) op(B) (k, n): packed when the build
// has the AVX-512 micro-kernel (x86-64 with -march allowing AVX-512F) and C
// has at least kPackedMinRows rows and kPackedMinColumns columns (any depth,
// either transpose); Eigen otherwise. Measured on one thread (bench/RESULTS.md,
// GEMM; Zen 5): packed 1.2-1.4x Eigen at the MLP's 128x100x784, 784x100x128
// (A^T) and 128x784x100 (B^T), 1.3-1.4x at the CNN's Dense 1764 -> 128
// products, 1.3-1.5x at 64-1024 squares, 1.3-2x at depths of 1-16; but
// 0.1-0.8x with fewer than ~48 rows (a batch of 1-16: B is packed for a few
// rows of C), and N = 10 (the softmax layer) swung between 0.5x and 3x from
// one run to the next. Without AVX-512 Eigen was not beaten (the AVX2 6 x 16
// micro-kernel runs at half Eigen's rate).
inline constexpr int64_t kPackedMinRows = 64;
inline constexpr int64_t kPackedMinColumns = 16;
GemmKernel gemm_kernel_for(int64_t m, int64_t n, int64_t k, bool transpose_a, bool transpose_b);

// Sizes, transposes and accumulate from g (batch and strides are not read).
void gemm(const float* a, const float* b, float* c, const GemmArgs& g);

// The same with a given kernel (the kernel lab and the tests compare them).
void gemm_with(GemmKernel kernel, const float* a, const float* b, float* c, const GemmArgs& g);

}  // namespace tunet::cpu
