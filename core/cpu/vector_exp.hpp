#pragma once
// e^x in plain, branch-free float arithmetic, so that a loop calling it under
// `omp simd` vectorises (16 lanes with AVX-512, 8 with AVX2) where a call to
// the C library's expf stays one element at a time. The method of Cephes'
// expf (Moshier 1989), which oneDNN's JIT exp also uses:
//
//   e^x = 2^k e^r,  k = round(x / ln 2),  r = x - k ln 2  (|r| <= ln 2 / 2)
//   ln 2 split into C1 + C2 (C1 with 9 significant bits: k C1 is exact), so r
//   keeps its digits; e^r = 1 + r + r^2 p(r), p of degree 5 (Cephes' minimax
//   coefficients); 2^k as 2^(k/2) 2^(k - k/2), two factors written into
//   exponent bits, so that k from -150 to 128 needs no special case: the
//   product overflows to +inf above ln FLT_MAX and rounds to subnormals, then
//   0, below ln FLT_MIN as e^x does.
//
// Relative error at most MAX_ULP ulp of std::exp over the normal floats' range
// (tests/test_core_vector_exp.cpp); NaN stays NaN.
#include <cstdint>
#include <cstring>

namespace tunet::cpu {

// The float whose bits are `bits` (std::bit_cast, which Emscripten's libc++ 13 lacks).
inline float float_from_bits(int32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

inline float vector_exp(float x) {
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kC1 = 0.693359375f, kC2 = -2.12194440e-4f;  // C1 + C2 = ln 2
  constexpr float kRound = 12582912.0f;                       // 1.5 * 2^23: adding it rounds to an integer
  constexpr float kMin = -104.0f, kMax = 89.0f;               // e^x is 0 below, +inf above
  const float clamped = x >= kMin ? (x > kMax ? kMax : x) : kMin;  // NaN too: no float -> int of a NaN
  const float k = (clamped * kLog2e + kRound) - kRound;
  const float r = (clamped - k * kC1) - k * kC2;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float er = (p * r) * r + r + 1.0f;
  const int32_t k1 = static_cast<int32_t>(k) >> 1, k2 = static_cast<int32_t>(k) - k1;
  const float y = er * float_from_bits((k1 + 127) << 23) * float_from_bits((k2 + 127) << 23);
  return x != x ? x : y;
}

}  // namespace tunet::cpu
