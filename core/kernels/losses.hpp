#pragma once
// Per-element loss math as scalar TUNET_HD functions (p: prediction, t: target,
// z: logit). core/cpu/losses.cpp sums the terms and divides by the batch; the CUDA
// kernels call the same functions. Probabilities are clipped to [eps, 1 - eps]
// as Keras does (eps = 1e-7), so log never sees 0; the logit forms need no clip.
#include <cmath>

#include "core/kernels/activations.hpp"
#include "core/kernels/hd.hpp"

namespace tunet::kernels {

inline constexpr float kLossEpsilon = 1e-7f;  // Keras's backend epsilon

TUNET_HD inline float clip_probability(float p) {
  return p < kLossEpsilon ? kLossEpsilon : (p > 1.0f - kLossEpsilon ? 1.0f - kLossEpsilon : p);
}

// ---- categorical cross-entropy on probabilities: -t log p ----
TUNET_HD inline float cross_entropy_term(float p, float t) {
  return -t * std::log(clip_probability(p));
}
// d/dp = -t / p inside the clip range, 0 where the clip holds p constant
TUNET_HD inline float cross_entropy_grad(float p, float t) {
  return (p < kLossEpsilon || p > 1.0f - kLossEpsilon) ? 0.0f : -t / p;
}

// ---- binary cross-entropy on probabilities: -(t log p + (1 - t) log(1 - p)) ----
TUNET_HD inline float binary_cross_entropy_term(float p, float t) {
  const float q = clip_probability(p);
  return -(t * std::log(q) + (1.0f - t) * std::log(1.0f - q));
}
// d/dp = (p - t) / (p (1 - p)) inside the clip range
TUNET_HD inline float binary_cross_entropy_grad(float p, float t) {
  if (p < kLossEpsilon || p > 1.0f - kLossEpsilon) return 0.0f;
  return (p - t) / (p * (1.0f - p));
}

// ---- binary cross-entropy from a logit z (p = sigmoid z): max(z, 0) - z t + log1p(e^-|z|) ----
TUNET_HD inline float binary_cross_entropy_logit_term(float z, float t) {
  return (z > 0 ? z : 0.0f) - z * t + std::log1p(std::exp(-std::fabs(z)));
}
TUNET_HD inline float binary_cross_entropy_logit_grad(float z, float t) { return sigmoid(z) - t; }

// ---- squared error: (p - t)^2; d/dp = 2 (p - t) ----
TUNET_HD inline float squared_error_term(float p, float t) { return (p - t) * (p - t); }
TUNET_HD inline float squared_error_grad(float p, float t) { return 2.0f * (p - t); }

// ---- log-sum-exp of one row: max + log sum_j e^(z_j - max), never overflows ----
// (the softmax cross-entropies from logits build on it: the CUDA loss kernels
// by this function, the CPU by its vectorised form, core/cpu/softmax_cross_entropy.hpp)
TUNET_HD inline float log_sum_exp_row(const float* z, long n) {
  float m = z[0];
  for (long i = 1; i < n; ++i) m = z[i] > m ? z[i] : m;
  float total = 0;
  for (long i = 0; i < n; ++i) total += std::exp(z[i] - m);
  return m + std::log(total);
}

}  // namespace tunet::kernels
