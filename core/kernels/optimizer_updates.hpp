#pragma once
// Per-element optimizer updates: one parameter p, its gradient g and its state
// slots in, the new values out (through the references). The CPU step
// (core/cpu/optimizer.cpp) and the CUDA kernel call the very same functions.
// Step-dependent scalars (decayed learning rate, bias corrections, Nadam's
// momentum schedule) are computed once per step on the host and passed in
// (nn/optimizers.cpp). nn/optimizers.hpp says which paper each comes from.
#include <cmath>

#include "core/kernels/hd.hpp"

namespace tunet::kernels {

// g clipped to [-limit, limit]; limit <= 0 means no clipping.
TUNET_HD inline float clip_value(float g, float limit) {
  if (limit <= 0.0f) return g;
  return g > limit ? limit : (g < -limit ? -limit : g);
}

// Plain SGD: p -= lr_t * g.
TUNET_HD inline void sgd_update(float& p, float g, float lr_t) { p -= lr_t * g; }

// Momentum: v = mu * v - lr_t * g; p += v.
TUNET_HD inline void momentum_update(float& p, float& v, float g, float lr_t, float mu) {
  v = mu * v - lr_t * g;
  p += v;
}

// Nesterov: v = mu * v - lr_t * g; p += mu * v - lr_t * g.
TUNET_HD inline void nesterov_update(float& p, float& v, float g, float lr_t, float mu) {
  v = mu * v - lr_t * g;
  p += mu * v - lr_t * g;
}

// Adagrad: s += g^2; p -= lr * g / (sqrt(s) + eps).
TUNET_HD inline void adagrad_update(float& p, float& s, float g, float lr, float eps) {
  s += g * g;
  p -= lr * g / (sqrtf(s) + eps);
}

// RMSProp: v = rho v + (1-rho) g^2; centered: a = rho a + (1-rho) g, d = v - a^2,
// else d = v; step = lr g / (sqrt(d) + eps); momentum: b = mu b + step, p -= b;
// else p -= step. `a` and `b` are only touched when centered / mu > 0.
TUNET_HD inline void rmsprop_update(float& p, float& v, float& a, float& b, float g, float lr,
                                    float rho, float eps, float mu, bool centered) {
  v = rho * v + (1.0f - rho) * g * g;
  float d = v;
  if (centered) {
    a = rho * a + (1.0f - rho) * g;
    d = v - a * a;
  }
  const float step = lr * g / (sqrtf(d) + eps);
  if (mu > 0.0f) {
    b = mu * b + step;
    p -= b;
  } else {
    p -= step;
  }
}

// Adam: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; mh = m / bc1; vh = v / bc2
// (bc1 = 1 - b1^t, bc2 = 1 - b2^t from the host); amsgrad: vmax = max(vmax, v),
// vh = vmax / bc2; p -= lr * mh / (sqrt(vh) + eps).
TUNET_HD inline void adam_update(float& p, float& m, float& v, float& vmax, float g, float lr,
                                 float b1, float b2, float eps, float bc1, float bc2,
                                 bool amsgrad) {
  m = b1 * m + (1.0f - b1) * g;
  v = b2 * v + (1.0f - b2) * g * g;
  float v_used = v;
  if (amsgrad) {
    vmax = vmax > v ? vmax : v;
    v_used = vmax;
  }
  p -= lr * (m / bc1) / (sqrtf(v_used / bc2) + eps);
}

// Nadam (Dozat 2016): m, v as Adam; denom = sqrt(v / bc2) + eps;
// p -= coef_g * g / denom + coef_m * m / denom, where the host computes
// coef_g = lr (1 - mu_t) / (1 - P_t) and coef_m = lr mu_{t+1} / (1 - P_t mu_{t+1}).
TUNET_HD inline void nadam_update(float& p, float& m, float& v, float g, float b1, float b2,
                                  float eps, float bc2, float coef_g, float coef_m) {
  m = b1 * m + (1.0f - b1) * g;
  v = b2 * v + (1.0f - b2) * g * g;
  const float denom = sqrtf(v / bc2) + eps;
  p -= (coef_g * g + coef_m * m) / denom;
}

// Adadelta (Zeiler 2012): v = rho v + (1-rho) g^2; d = sqrt(u + eps) / sqrt(v + eps) g;
// u = rho u + (1-rho) d^2; p -= lr d.
TUNET_HD inline void adadelta_update(float& p, float& v, float& u, float g, float lr, float rho,
                                     float eps) {
  v = rho * v + (1.0f - rho) * g * g;
  const float d = sqrtf(u + eps) / sqrtf(v + eps) * g;
  u = rho * u + (1.0f - rho) * d * d;
  p -= lr * d;
}

// Lion (Chen et al. 2023): c = b1 m + (1-b1) g; p -= lr (sign(c) + wd p);
// m = b2 m + (1-b2) g; sign(0) = 0.
TUNET_HD inline void lion_update(float& p, float& m, float g, float lr, float b1, float b2,
                                 float wd) {
  const float c = b1 * m + (1.0f - b1) * g;
  const float sign = c > 0.0f ? 1.0f : (c < 0.0f ? -1.0f : 0.0f);
  p -= lr * (sign + wd * p);
  m = b2 * m + (1.0f - b2) * g;
}

}  // namespace tunet::kernels
