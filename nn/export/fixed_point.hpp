#pragma once
// The fixed-point arithmetic of TensorFlow Lite's int8 kernels (TensorFlow Lite
// 8-bit quantization specification, tensorflow.org/lite/performance/quantization_spec;
// the functions are gemmlowp's, google/gemmlowp fixedpoint/fixedpoint.h, with
// TFLite's QuantizeMultiplier and MultiplyByQuantizedMultiplier from
// tensorflow/lite/kernels/internal/quantization_util.cc and common.h).
//
// A real multiplier M > 0 (e.g. input_scale * weight_scale / output_scale) is
// held as M = multiplier * 2^(shift - 31) with multiplier in [2^30, 2^31), and
//   multiply_by_quantized_multiplier(x, M)
//     = rounding_divide_by_pot(saturating_rounding_doubling_high_mul(x * 2^max(shift, 0), multiplier),
//                              max(-shift, 0))
// which is round(x M) up to the one rounding of each step. The same functions
// are emitted as C text into the exported model (c_fixed_point_source), so the
// C++ reference (int8_reference.hpp) and the C runtime compute identical integers.
#include <cstdint>
#include <string>

namespace tunet::nn {

struct QuantizedMultiplier {
  int32_t multiplier = 0;  // in [2^30, 2^31), or 0 for M = 0
  int32_t shift = 0;       // M = multiplier * 2^(shift - 31)
};

// TFLite's QuantizeMultiplier: M = q 2^shift with q in [0.5, 1) (frexp),
// multiplier = round(q 2^31) (2^31 -> 2^30 and shift + 1); M below 2^-31 -> 0.
QuantizedMultiplier quantize_multiplier(double real);

// (a b 2 + 2^31 rounding nudge) / 2^32 with the one overflowing case
// (a = b = INT32_MIN) saturated to INT32_MAX: a b / 2^31 to the nearest, ties upward.
int32_t saturating_rounding_doubling_high_mul(int32_t a, int32_t b);

// x / 2^exponent rounded to nearest, ties away from zero; exponent in [0, 31].
int32_t rounding_divide_by_pot(int32_t x, int32_t exponent);

int32_t multiply_by_quantized_multiplier(int32_t x, QuantizedMultiplier m);

// The three functions above as C99 text (static functions tn_srdhm,
// tn_rdbypot, tn_mbqm), for the generated model.c.
std::string c_fixed_point_source();

}  // namespace tunet::nn
