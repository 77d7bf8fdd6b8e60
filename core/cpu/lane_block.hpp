#pragma once
// LaneBlock: kLanes floats as one vector (GCC/Clang vector extension), for the
// convolution kernels whose loops compilers otherwise vectorise across the
// wrong axis. Arithmetic is element-wise; a float scalar broadcasts.
// kLanes is one register of the build's ISA: 16 with AVX-512, else 8 (two NEON
// or SSE registers, one AVX register). Channels and filters are padded to whole
// blocks, so 16 lanes pad more (36 filters -> 48, not 40) and still run the
// MNIST CNN's epoch 15% faster on AVX-512 (bench/RESULTS.md).
#include <cstdint>
#include <cstring>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace tunet::cpu {

#if defined(__AVX512F__)
inline constexpr int64_t kLanes = 16;
#else
inline constexpr int64_t kLanes = 8;
#endif
using LaneBlock = float __attribute__((vector_size(kLanes * sizeof(float))));

// n rounded up to a multiple of `multiple` (a count padded to whole blocks).
inline constexpr int64_t round_up(int64_t n, int64_t multiple) {
  return (n + multiple - 1) / multiple * multiple;
}

inline LaneBlock load_block(const float* p) {  // unaligned
  LaneBlock v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store_block(float* p, LaneBlock v) { std::memcpy(p, &v, sizeof v); }

// The first n (1 .. kLanes) floats at p, zeros in the other lanes; and a store
// of the first n lanes only: the ends of rows that are not whole blocks. One
// masked instruction with AVX-512, else a loop.
inline LaneBlock load_first(const float* p, int64_t n) {
#if defined(__AVX512F__)
  return LaneBlock(_mm512_maskz_loadu_ps(__mmask16((1u << n) - 1), p));
#else
  LaneBlock v = {};
  for (int64_t i = 0; i < n; ++i) v[i] = p[i];
  return v;
#endif
}
inline void store_first(float* p, LaneBlock v, int64_t n) {
#if defined(__AVX512F__)
  _mm512_mask_storeu_ps(p, __mmask16((1u << n) - 1), __m512(v));
#else
  for (int64_t i = 0; i < n; ++i) p[i] = v[i];
#endif
}

// An empty asm that claims to change v: the compiler must keep a vector that
// several multiply-adds use in a register instead of folding its load into
// each of them (which multiplies the loads; measured 1.4x slower in
// core/cpu/direct_conv.cpp).
// Only where one vector register holds a LaneBlock (x86 with AVX); elsewhere a
// no-op, the code stays correct and only the load count changes.
inline void keep_in_register(LaneBlock& v) {
#if defined(__AVX__)
  asm("" : "+x"(v));
#else
  (void)v;
#endif
}

inline float sum_lanes(LaneBlock v) {
  float s = 0.0f;
  for (int i = 0; i < kLanes; ++i) s += v[i];
  return s;
}

// p[0] + ... + p[n - 1], kLanes floats at a time into two running sums (the
// additions of one wait for each other), then the lanes added.
inline float sum_floats(const float* p, int64_t n) {
  LaneBlock even = {}, odd = {};
  int64_t i = 0;
  for (; i + 2 * kLanes <= n; i += 2 * kLanes) {
    even += load_block(p + i);
    odd += load_block(p + i + kLanes);
  }
  for (; i < n; i += kLanes) even += i + kLanes <= n ? load_block(p + i) : load_first(p + i, n - i);
  return sum_lanes(even + odd);
}

}  // namespace tunet::cpu
