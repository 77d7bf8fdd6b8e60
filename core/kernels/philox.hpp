#pragma once
// Philox-4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy
// as 1, 2, 3", SC 2011): four 32-bit outputs from a 128-bit counter and a
// 64-bit key, ten rounds of multiply-xorshift with a Weyl-sequence key schedule.
#include <cmath>
#include <cstdint>

#include "core/kernels/hd.hpp"

namespace tunet::kernels {

struct Philox4 {
  uint32_t v[4];
};

TUNET_HD inline void philox_mulhilo(uint32_t a, uint32_t b, uint32_t& hi, uint32_t& lo) {
  const uint64_t product = static_cast<uint64_t>(a) * b;
  hi = static_cast<uint32_t>(product >> 32);
  lo = static_cast<uint32_t>(product);
}

// counter = (c0, c1, c2, c3), key = (k0, k1).
TUNET_HD inline Philox4 philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0,
                                      uint32_t k1) {
  constexpr uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
  constexpr uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    uint32_t hi0, lo0, hi1, lo1;
    philox_mulhilo(kMul0, c0, hi0, lo0);
    philox_mulhilo(kMul1, c2, hi1, lo1);
    const uint32_t n0 = hi1 ^ c1 ^ k0, n1 = lo1, n2 = hi0 ^ c3 ^ k1, n3 = lo0;
    c0 = n0, c1 = n1, c2 = n2, c3 = n3;
    k0 += kWeyl0, k1 += kWeyl1;
  }
  return {{c0, c1, c2, c3}};
}

// The four words of block `position` of (seed, stream).
TUNET_HD inline Philox4 philox_block(uint64_t seed, uint64_t stream, uint64_t position) {
  return philox4x32_10(static_cast<uint32_t>(position), static_cast<uint32_t>(position >> 32),
                       static_cast<uint32_t>(stream), static_cast<uint32_t>(stream >> 32),
                       static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
}

// 24 random bits -> float in [0, 1).
TUNET_HD inline float uniform_from_bits(uint32_t bits) { return static_cast<float>(bits >> 8) * (1.0f / 16777216.0f); }

// Box-Muller: two uniforms -> two independent N(0,1). u1 is taken in (0, 1].
TUNET_HD inline void box_muller(uint32_t bits1, uint32_t bits2, float& z0, float& z1) {
  const float u1 = (static_cast<float>(bits1 >> 8) + 1.0f) * (1.0f / 16777216.0f);
  const float u2 = uniform_from_bits(bits2);
  const float radius = std::sqrt(-2.0f * std::log(u1));
  const float angle = 6.2831853071795864769f * u2;
  z0 = radius * std::cos(angle);
  z1 = radius * std::sin(angle);
}

}  // namespace tunet::kernels
