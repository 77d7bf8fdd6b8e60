#pragma once
// The packed GEMM's micro-kernel for 64-bit Arm (AArch64 Advanced SIMD,
// "NEON"; every AArch64 core has it), included by core/cpu/gemm_micro_kernels.hpp
// on aarch64 builds:
//
//   C[0..8, 0..12) (+)= sum over p < kc of a[p*8 + i] * b[p*12 + j]
//
// 8 rows x 3 q registers (12 columns) = 24 accumulators, 3 B loads and the 8
// A values of the step in 2 q registers: 29 of the 32 vector registers, the
// 8x12 shape of OpenBLAS's and BLIS's Cortex-A57 sgemm kernels. Each FMA takes
// its A value as a lane of a register (FMLA by element), so a k step is
// 5 loads for 24 FMAs; 24 independent chains cover the FMA latency (4 cycles)
// on two pipes.
#include <arm_neon.h>

#include <cstdint>
#include <utility>

namespace tunet::cpu {

// core/cpu/gemm_micro_kernels.hpp: an MR x NR tile to the rows x cols corner of C.
template <int MR, int NR>
inline void store_edge_tile(const float* tile, float* c, int64_t ldc, int64_t rows, int64_t cols, bool accumulate);

struct NeonKernel {
  static constexpr int MR = 8, NR = 12;
  static constexpr const char* kIsa = "neon";
  // acc[i][v]: row i, columns 4v..4v+3 of the tile. Every index below is a
  // constant once unrolled, so the compiler keeps the array in registers.
  using Accumulators = float32x4_t[MR][3];

  static void run(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int64_t rows,
                  int64_t cols, bool accumulate) {
    Accumulators acc;
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i) acc[i][0] = acc[i][1] = acc[i][2] = vdupq_n_f32(0.0f);
    for (int64_t p = 0; p < kc; ++p) {
      const float* bp = b + p * NR;
      const float32x4_t b0 = vld1q_f32(bp), b1 = vld1q_f32(bp + 4), b2 = vld1q_f32(bp + 8);
      const float32x4_t a_low = vld1q_f32(a + p * MR), a_high = vld1q_f32(a + p * MR + 4);
      fma_rows(acc, b0, b1, b2, a_low, a_high, std::make_integer_sequence<int, MR>{});
    }
    if (rows == MR && cols == NR) {
#pragma GCC unroll 8
      for (int i = 0; i < MR; ++i) {
#pragma GCC unroll 3
        for (int v = 0; v < 3; ++v) {
          float* civ = c + i * ldc + 4 * v;
          vst1q_f32(civ, accumulate ? vaddq_f32(acc[i][v], vld1q_f32(civ)) : acc[i][v]);
        }
      }
      return;
    }
    float tile[MR * NR];
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i) {
#pragma GCC unroll 3
      for (int v = 0; v < 3; ++v) vst1q_f32(tile + i * NR + 4 * v, acc[i][v]);
    }
    store_edge_tile<MR, NR>(tile, c, ldc, rows, cols, accumulate);
  }

  // acc[I] += A(I) * B: A(I) is lane I % 4 of a_low (rows 0-3) or a_high
  // (rows 4-7); the lane must be a constant, hence one instance per row.
  template <int I>
  static void fma_row(Accumulators& acc, float32x4_t b0, float32x4_t b1, float32x4_t b2, float32x4_t a_low,
                      float32x4_t a_high) {
    const float32x4_t a = I < 4 ? a_low : a_high;
    acc[I][0] = vfmaq_laneq_f32(acc[I][0], b0, a, I % 4);
    acc[I][1] = vfmaq_laneq_f32(acc[I][1], b1, a, I % 4);
    acc[I][2] = vfmaq_laneq_f32(acc[I][2], b2, a, I % 4);
  }

  template <int... I>
  static void fma_rows(Accumulators& acc, float32x4_t b0, float32x4_t b1, float32x4_t b2, float32x4_t a_low,
                       float32x4_t a_high, std::integer_sequence<int, I...>) {
    (fma_row<I>(acc, b0, b1, b2, a_low, a_high), ...);
  }
};

}  // namespace tunet::cpu
