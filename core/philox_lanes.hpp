#pragma once
// Philox-4x32-10 blocks computed side by side for the fills on the host (Rng's
// tensor fills, core/random.cpp; the CPU dropout mask, core/cpu/dropout.cpp):
// the numbers of core/kernels/philox.hpp's philox_block, but lane-parallel (structure of arrays) so the compiler
// vectorises the 32x32->64-bit multiplies: the same numbers at a fraction of
// the cost. (`omp simd` asks for it explicitly: left alone, GCC unrolls the
// rounds first and then vectorises the lanes only in part, or not at all,
// depending on the calling code.)
#include <cstdint>

#include "core/parallel.hpp"
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace tunet {

inline constexpr int kPhiloxLanes = 16;  // Philox blocks computed side by side

// philox_lanes: words[k][l] = word k of block (first + l) of (seed, stream), l < kPhiloxLanes.
#if defined(__AVX512F__)
// One 32-bit lane per block. Each round's 32 x 32 -> 64-bit products are two
// vpmuludq (even lanes, then the odd lanes shifted down) whose halves are
// blended back into lanes; left to itself GCC widens every lane to 64 bits
// and multiplies with vpmullq, which made the dropout mask twice as slow.
struct PhiloxProduct {
  __m512i hi, lo;
};
inline PhiloxProduct philox_mulhilo(__m512i a, __m512i multiplier) {
  const __m512i even = _mm512_mul_epu32(a, multiplier);
  const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), multiplier);
  constexpr __mmask16 kOddLanes = 0xAAAA;
  return {_mm512_mask_blend_epi32(kOddLanes, _mm512_srli_epi64(even, 32), odd),
          _mm512_mask_blend_epi32(kOddLanes, even, _mm512_slli_epi64(odd, 32))};
}

inline void philox_lanes(uint64_t seed, uint64_t stream, uint64_t first, uint32_t words[4][kPhiloxLanes]) {
  static_assert(kPhiloxLanes == 16, "one AVX-512 register of 32-bit lanes");
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  // position = first + l as (low, high) words; the carry where the low word wraps
  const __m512i low = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(static_cast<uint32_t>(first))), lane);
  const __mmask16 carry = _mm512_cmplt_epu32_mask(low, lane);
  const __m512i high = _mm512_set1_epi32(static_cast<int>(static_cast<uint32_t>(first >> 32)));
  __m512i c0 = low;
  __m512i c1 = _mm512_mask_add_epi32(high, carry, high, _mm512_set1_epi32(1));
  __m512i c2 = _mm512_set1_epi32(static_cast<int>(static_cast<uint32_t>(stream)));
  __m512i c3 = _mm512_set1_epi32(static_cast<int>(static_cast<uint32_t>(stream >> 32)));
  const __m512i mul0 = _mm512_set1_epi64(0xD2511F53), mul1 = _mm512_set1_epi64(0xCD9E8D57);
  uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
  for (int round = 0; round < 10; ++round) {
    const PhiloxProduct p0 = philox_mulhilo(c0, mul0), p1 = philox_mulhilo(c2, mul1);
    c0 = _mm512_xor_si512(_mm512_xor_si512(p1.hi, c1), _mm512_set1_epi32(static_cast<int>(k0)));
    c2 = _mm512_xor_si512(_mm512_xor_si512(p0.hi, c3), _mm512_set1_epi32(static_cast<int>(k1)));
    c1 = p1.lo;
    c3 = p0.lo;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  _mm512_storeu_si512(words[0], c0);
  _mm512_storeu_si512(words[1], c1);
  _mm512_storeu_si512(words[2], c2);
  _mm512_storeu_si512(words[3], c3);
}
#else
inline void philox_lanes(uint64_t seed, uint64_t stream, uint64_t first, uint32_t words[4][kPhiloxLanes]) {
  uint32_t c0[kPhiloxLanes], c1[kPhiloxLanes], c2[kPhiloxLanes], c3[kPhiloxLanes];
  TUNET_OMP(simd)
  for (int l = 0; l < kPhiloxLanes; ++l) {
    const uint64_t position = first + l;
    c0[l] = static_cast<uint32_t>(position);
    c1[l] = static_cast<uint32_t>(position >> 32);
    c2[l] = static_cast<uint32_t>(stream);
    c3[l] = static_cast<uint32_t>(stream >> 32);
  }
  uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
  for (int round = 0; round < 10; ++round) {
    TUNET_OMP(simd)
    for (int l = 0; l < kPhiloxLanes; ++l) {
      const uint64_t p0 = static_cast<uint64_t>(0xD2511F53u) * c0[l];
      const uint64_t p1 = static_cast<uint64_t>(0xCD9E8D57u) * c2[l];
      const uint32_t n0 = static_cast<uint32_t>(p1 >> 32) ^ c1[l] ^ k0;
      const uint32_t n2 = static_cast<uint32_t>(p0 >> 32) ^ c3[l] ^ k1;
      c1[l] = static_cast<uint32_t>(p1);
      c3[l] = static_cast<uint32_t>(p0);
      c0[l] = n0;
      c2[l] = n2;
    }
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  TUNET_OMP(simd)
  for (int l = 0; l < kPhiloxLanes; ++l) {
    words[0][l] = c0[l];
    words[1][l] = c1[l];
    words[2][l] = c2[l];
    words[3][l] = c3[l];
  }
}

#endif

}  // namespace tunet
