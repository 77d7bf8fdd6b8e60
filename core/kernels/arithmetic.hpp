#pragma once
// Per-element math of the core ops: value and partial derivatives.
#include <cmath>

#include "core/kernels/hd.hpp"

namespace tunet::kernels {

// Binary ops: value, d/da, d/db.
struct AddOp {
  TUNET_HD static float value(float a, float b) { return a + b; }
  TUNET_HD static float da(float, float) { return 1.0f; }
  TUNET_HD static float db(float, float) { return 1.0f; }
};
struct SubOp {
  TUNET_HD static float value(float a, float b) { return a - b; }
  TUNET_HD static float da(float, float) { return 1.0f; }
  TUNET_HD static float db(float, float) { return -1.0f; }
};
struct MulOp {
  TUNET_HD static float value(float a, float b) { return a * b; }
  TUNET_HD static float da(float, float b) { return b; }
  TUNET_HD static float db(float a, float) { return a; }
};
struct DivOp {  // a / b: d/da = 1/b, d/db = -a/b^2
  TUNET_HD static float value(float a, float b) { return a / b; }
  TUNET_HD static float da(float, float b) { return 1.0f / b; }
  TUNET_HD static float db(float a, float b) { return -a / (b * b); }
};

// Unary ops: derivative written in terms of x and y = f(x).
TUNET_HD inline float neg_value(float x) { return -x; }
TUNET_HD inline float neg_derivative(float, float) { return -1.0f; }        // (-x)' = -1
TUNET_HD inline float exp_value(float x) { return std::exp(x); }
TUNET_HD inline float exp_derivative(float, float y) { return y; }          // (e^x)' = e^x
TUNET_HD inline float log_value(float x) { return std::log(x); }
TUNET_HD inline float log_derivative(float x, float) { return 1.0f / x; }   // (ln x)' = 1/x
TUNET_HD inline float sqrt_value(float x) { return std::sqrt(x); }
TUNET_HD inline float sqrt_derivative(float, float y) { return 0.5f / y; }  // (sqrt x)' = 1/(2 sqrt x)
TUNET_HD inline float pow_value(float x, float p) { return std::pow(x, p); }
TUNET_HD inline float pow_derivative(float x, float p) { return p * std::pow(x, p - 1.0f); }  // p x^(p-1)

}  // namespace tunet::kernels
