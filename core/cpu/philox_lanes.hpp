#pragma once
// Philox-4x32-10 blocks computed side by side for the CPU fills (Rng's tensor
// fills, the dropout mask): the numbers of core/kernels/philox.hpp's
// philox_block, but lane-parallel (structure of arrays) so the compiler
// vectorises the 32x32->64-bit multiplies: the same numbers at a fraction of
// the cost. (`omp simd` asks for it explicitly: left alone, GCC unrolls the
// rounds first and then vectorises the lanes only in part, or not at all,
// depending on the calling code.)
#include <cstdint>

#include "core/parallel.hpp"

namespace tunet::cpu {

inline constexpr int kPhiloxLanes = 16;  // Philox blocks computed side by side

// words[k][l] = word k of block (first + l) of (seed, stream), l < kPhiloxLanes.
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

}  // namespace tunet::cpu
