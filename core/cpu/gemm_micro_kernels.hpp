#pragma once
// The register-blocked micro-kernels of the packed GEMM (core/cpu/packed_gemm.hpp),
// one per vector ISA, each chosen at compile time (the build's -march decides
// what exists):
//
//   C[0..MR, 0..NR) (+)= sum over p < kc of a[p*MR + i] * b[p*NR + j]
//
// a is an MR-row panel of A packed k-major (MR values per k), b an NR-column
// panel of B packed k-major (NR values per k), both zero-padded at the edges,
// c the tile's top-left in row-major C with row stride ldc. The MR x NR
// accumulators stay in registers for the whole kc loop: per k the kernel loads
// NR / lanes vectors of B, broadcasts MR values of A and issues
// MR * NR / lanes independent FMAs, enough to cover the FMA latency (4 cycles)
// on both FMA pipes (>= 8 in flight), with 1 load per ~2 FMAs.
//
// `store_tile` writes the whole MR x NR tile (accumulate: added to C); edge
// tiles go through a local MR x NR buffer and only rows < rows, columns < cols
// reach C.
#include <cstdint>

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif
#if defined(__aarch64__)
#include "core/cpu/gemm_micro_kernel_neon.hpp"  // NeonKernel, 8 x 12 (AArch64's NEON)
#endif

namespace tunet::cpu {

// Adds or writes an MR x NR tile held in `tile` (row-major, NR wide) to the
// rows x cols corner of C.
template <int MR, int NR>
inline void store_edge_tile(const float* tile, float* c, int64_t ldc, int64_t rows, int64_t cols,
                            bool accumulate) {
  for (int64_t i = 0; i < rows; ++i) {
    for (int64_t j = 0; j < cols; ++j) {
      c[i * ldc + j] = accumulate ? c[i * ldc + j] + tile[i * NR + j] : tile[i * NR + j];
    }
  }
}

// Plain C++, 4 x 16 accumulators: `omp simd` (-fopenmp-simd) has the
// compiler vectorise the j loop at whatever width its target has, so the
// accumulators stay in registers (4 zmm, 8 ymm or 16 NEON q). Every build has
// it; the intrinsics kernels are checked against it and against naive GEMM
// (tests/test_core_packed_gemm.cpp).
struct PortableKernel {
  static constexpr int MR = 4, NR = 16;
  static constexpr const char* kIsa = "portable";
  static void run(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int64_t rows,
                  int64_t cols, bool accumulate) {
    float acc[MR * NR] = {};
    for (int64_t p = 0; p < kc; ++p) {
      const float* bp = b + p * NR;
      const float* ap = a + p * MR;
#pragma GCC unroll 4
      for (int i = 0; i < MR; ++i) {
#pragma omp simd
        for (int j = 0; j < NR; ++j) acc[i * NR + j] += ap[i] * bp[j];
      }
    }
    store_edge_tile<MR, NR>(acc, c, ldc, rows, cols, accumulate);
  }
};

#if defined(__AVX2__) && defined(__FMA__)
// AVX2 + FMA: 6 rows x 2 ymm (16 columns) = 12 accumulators, 2 B loads and 1
// broadcast register: 15 of the 16 ymm registers.
struct Avx2Kernel {
  static constexpr int MR = 6, NR = 16;
  static constexpr const char* kIsa = "avx2";
  static void run(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int64_t rows,
                  int64_t cols, bool accumulate) {
    __m256 acc[MR][2];
    for (int i = 0; i < MR; ++i) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
    for (int64_t p = 0; p < kc; ++p) {
      const __m256 b0 = _mm256_loadu_ps(b + p * NR), b1 = _mm256_loadu_ps(b + p * NR + 8);
#pragma GCC unroll 6
      for (int i = 0; i < MR; ++i) {
        const __m256 ai = _mm256_broadcast_ss(a + p * MR + i);
        acc[i][0] = _mm256_fmadd_ps(ai, b0, acc[i][0]);
        acc[i][1] = _mm256_fmadd_ps(ai, b1, acc[i][1]);
      }
    }
    if (rows == MR && cols == NR) {
      for (int i = 0; i < MR; ++i) {
        float* ci = c + i * ldc;
        if (accumulate) {
          acc[i][0] = _mm256_add_ps(acc[i][0], _mm256_loadu_ps(ci));
          acc[i][1] = _mm256_add_ps(acc[i][1], _mm256_loadu_ps(ci + 8));
        }
        _mm256_storeu_ps(ci, acc[i][0]);
        _mm256_storeu_ps(ci + 8, acc[i][1]);
      }
      return;
    }
    alignas(32) float tile[MR * NR];
    for (int i = 0; i < MR; ++i) {
      _mm256_store_ps(tile + i * NR, acc[i][0]);
      _mm256_store_ps(tile + i * NR + 8, acc[i][1]);
    }
    store_edge_tile<MR, NR>(tile, c, ldc, rows, cols, accumulate);
  }
};
#endif

#if defined(__AVX512F__)
// AVX-512: 14 rows x 2 zmm (32 columns) = 28 accumulators, 2 B loads and the
// broadcasts from memory: 30 of the 32 zmm registers (the BLIS/oneDNN shape).
// 28 FMAs per 16 loads per k step. A panel with at most 16 columns left (the
// MLP's N = 100 = 3 x 32 + 4) runs a 1-zmm copy of the loop: half the wasted
// lanes.
struct Avx512Kernel {
  static constexpr int MR = 14, NR = 32;
  static constexpr const char* kIsa = "avx512";
  static void run(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int64_t rows,
                  int64_t cols, bool accumulate) {
    if (cols <= 16) {
      run_vectors<1>(kc, a, b, c, ldc, rows, cols, accumulate);
    } else {
      run_vectors<2>(kc, a, b, c, ldc, rows, cols, accumulate);
    }
  }

  // The first NV zmm columns of the panel (B's panel stays NR wide).
  template <int NV>
  static void run_vectors(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int64_t rows,
                          int64_t cols, bool accumulate) {
    __m512 acc[MR][NV];
#pragma GCC unroll 14
    for (int i = 0; i < MR; ++i) {
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_setzero_ps();
    }
    for (int64_t p = 0; p < kc; ++p) {
      // the A panel 8 steps ahead (B is read in order and prefetched by the hardware)
      _mm_prefetch(reinterpret_cast<const char*>(a + (p + 8) * MR), _MM_HINT_T0);
      __m512 bv[NV];
      for (int v = 0; v < NV; ++v) bv[v] = _mm512_loadu_ps(b + p * NR + 16 * v);
#pragma GCC unroll 14
      for (int i = 0; i < MR; ++i) {
        const __m512 ai = _mm512_set1_ps(a[p * MR + i]);
        for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
      }
    }
    if (rows == MR && cols == 16 * NV) {
#pragma GCC unroll 14
      for (int i = 0; i < MR; ++i) {
        for (int v = 0; v < NV; ++v) {
          float* civ = c + i * ldc + 16 * v;
          if (accumulate) acc[i][v] = _mm512_add_ps(acc[i][v], _mm512_loadu_ps(civ));
          _mm512_storeu_ps(civ, acc[i][v]);
        }
      }
      return;
    }
    alignas(64) float tile[MR * NR];
#pragma GCC unroll 14
    for (int i = 0; i < MR; ++i) {
      for (int v = 0; v < NV; ++v) _mm512_store_ps(tile + i * NR + 16 * v, acc[i][v]);
    }
    store_edge_tile<MR, NR>(tile, c, ldc, rows, cols, accumulate);
  }
};
#endif

// The widest kernel this build has.
#if defined(__AVX512F__)
using BestKernel = Avx512Kernel;
#elif defined(__AVX2__) && defined(__FMA__)
using BestKernel = Avx2Kernel;
#elif defined(__aarch64__)
using BestKernel = NeonKernel;
#else
using BestKernel = PortableKernel;
#endif

}  // namespace tunet::cpu
