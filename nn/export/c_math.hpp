#pragma once
// The freestanding math the generated C uses instead of libm (a microcontroller
// build has no exp / tanh / erf), as C99 text: only the functions a model needs.
// Single precision throughout (a Cortex-M4F has a single-precision FPU only).
//
//   tn_exp(x)    e^x: x = k ln2 + r, |r| <= ln2/2 (Cody-Waite, ln 2 in two parts), e^r by
//                its degree-7 Taylor polynomial (truncation < 6e-9), times 2^k built in the
//                exponent bits. 0 below x = -87 (e^-87 = 1.6e-38), x clamped to 88 above.
//                Bound: |tn_exp(x) - e^x| <= 4e-7 e^x on [-87, 88].
//   tn_tanh(x)   sign(x) (1 - e) / (1 + e), e = e^(-2|x|) (no overflow).
//                Bound: |tn_tanh(x) - tanh x| <= 5e-7 (absolute).
//   tn_erfc(x)   erfc(x) for x >= 0 by the Chebyshev fit of Numerical Recipes in C (2nd ed.,
//                section 6.2, erfcc: fractional error < 1.2e-7 in exact arithmetic).
//                Bound on [0, 9]: |tn_erfc(x) - erfc x| <= 4e-7, and <= 2e-5 erfc x (the float
//                rounding of x^2 in the exponent grows the relative error with x).
//   tn_log1p(u)  log(1 + u) for u in [0, 1]: 2 atanh(s), s = u / (2 + u) <= 1/3, by its odd
//                series to s^13 (truncation < 5e-9).
//                Bound: |tn_log1p(u) - log1p u| <= 3e-7 log1p u on [0, 1].
//   tn_sigmoid(x) 1 / (1 + e^-x) from e^-|x| (no overflow). Bound: |error| <= 5e-7.
// tests/test_nn_export_math.cpp compiles this text and checks each bound
// against the C++ standard library on a dense grid.
#include <string>

namespace tunet::nn {

struct CMathUse {
  bool exp = false;
  bool tanh = false;
  bool erfc = false;
  bool log1p = false;
  bool sigmoid = false;
};

// The C text of the used functions (each `static float tn_*(float)`), those
// they call included; "" when none is used.
std::string c_math_source(CMathUse use);

}  // namespace tunet::nn
