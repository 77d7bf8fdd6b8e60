#include "nn/export/fixed_point.hpp"

#include <cmath>
#include <limits>

namespace tunet::nn {

QuantizedMultiplier quantize_multiplier(double real) {
  if (real == 0.0) return {};
  int shift = 0;
  const double q = std::frexp(real, &shift);  // real = q 2^shift, q in [0.5, 1)
  auto fixed = static_cast<int64_t>(std::round(q * double(int64_t(1) << 31)));
  if (fixed == int64_t(1) << 31) {
    fixed /= 2;
    ++shift;
  }
  if (shift < -31) return {};
  return {static_cast<int32_t>(fixed), shift};
}

int32_t saturating_rounding_doubling_high_mul(int32_t a, int32_t b) {
  const bool overflow = a == b && a == std::numeric_limits<int32_t>::min();
  const int64_t ab = int64_t(a) * int64_t(b);
  const int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  const auto high = static_cast<int32_t>((ab + nudge) / (int64_t(1) << 31));
  return overflow ? std::numeric_limits<int32_t>::max() : high;
}

int32_t rounding_divide_by_pot(int32_t x, int32_t exponent) {
  const auto mask = static_cast<int32_t>((uint32_t(1) << exponent) - 1u);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int32_t multiply_by_quantized_multiplier(int32_t x, QuantizedMultiplier m) {
  const int32_t left = m.shift > 0 ? m.shift : 0;
  const int32_t right = m.shift > 0 ? 0 : -m.shift;
  return rounding_divide_by_pot(saturating_rounding_doubling_high_mul(x * (int32_t(1) << left), m.multiplier),
                                right);
}

std::string c_fixed_point_source() {
  return R"(/* TensorFlow Lite's int8 requantisation (tensorflow.org/lite/performance/quantization_spec),
   with gemmlowp's SaturatingRoundingDoublingHighMul and RoundingDivideByPOT:
   x M, M = m 2^(shift - 31), m in [2^30, 2^31). >> on a negative int32 is the arithmetic
   shift on gcc and clang (x86-64 and ARM), as in TFLite's reference code. */
static int32_t tn_srdhm(int32_t a, int32_t b) {
  const int64_t ab = (int64_t)a * (int64_t)b;
  const int64_t nudged = ab + (ab >= 0 ? (1 << 30) : (1 - (1 << 30)));
  if (a == b && a == INT32_MIN) return INT32_MAX;
  /* nudged / 2^31 truncated toward zero, as shifts (no 64-bit division call on a Cortex-M) */
  return (int32_t)(nudged >= 0 ? nudged >> 31 : -((-nudged) >> 31));
}
static int32_t tn_rdbypot(int32_t x, int32_t exponent) {
  const int32_t mask = (int32_t)((1u << exponent) - 1u);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}
static int32_t tn_mbqm(int32_t x, int32_t m, int32_t shift) {
  return tn_rdbypot(tn_srdhm(x * (shift > 0 ? (int32_t)1 << shift : 1), m), shift > 0 ? 0 : -shift);
}
)";
}

}  // namespace tunet::nn
