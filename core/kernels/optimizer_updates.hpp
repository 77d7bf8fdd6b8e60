#pragma once
// The optimizers, each written once for every backend: the kinds, the step's
// scalars, the per-element updates (one parameter p, its gradient g and its
// state slots in, the new values out through the references), each kind's
// slot layout, and the dispatch from a kind to its update as a compile-time
// choice. The CPU step (core/cpu/optimizer.cpp) and the CUDA kernel
// (cuda/kernels/optimizer_bodies.hpp) run the very same update_element.
// Step-dependent scalars (decayed learning rate, bias corrections, Nadam's
// momentum schedule) are computed once per step on the host and passed in
// (nn/optimizers.cpp). nn/optimizers.hpp says which paper each comes from.
//
// Adding an optimizer here: its kind (at the end of the enum), its row in
// kOptimizerKinds, its update function, and its branch in update_element.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "core/kernels/hd.hpp"

namespace tunet {

// The optimizers' per-element updates, in the order of kernels::kOptimizerKinds.
enum class OptimizerKind { SGD, Momentum, Nesterov, Adagrad, RMSprop, Adam, Nadam, Adadelta, Lion };

// The step's scalars, computed once per step on the host (nn/optimizer.cpp).
struct UpdateScalars {
  float learning_rate = 0;  // this step's (decayed for SGD)
  float beta_1 = 0, beta_2 = 0, epsilon = 0, rho = 0, momentum = 0, weight_decay = 0;
  float bias_correction_1 = 1, bias_correction_2 = 1;  // 1 - b1^t, 1 - b2^t
  float nadam_coef_g = 0, nadam_coef_m = 0;             // Nadam's two step sizes
  bool centered = false, amsgrad = false;
  float clipnorm = 0;   // 0: off; else g *= min(1, clipnorm / ||g||) over the whole block
  float clipvalue = 0;  // 0: off; else g clamped to [-clipvalue, clipvalue]
};

}  // namespace tunet

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

// ---- the kinds: name, state slots, one element's update, dispatch ----

// The settings that add a state slot; each is a compile-time constant in the
// loops (update_flags), so a loop body never branches on one.
inline constexpr unsigned kCentered = 1;      // RMSprop centered: slot a, the mean gradient
inline constexpr unsigned kWithMomentum = 2;  // RMSprop momentum > 0: slot b, the momentum buffer
inline constexpr unsigned kAmsgrad = 4;       // Adam amsgrad: slot vmax
inline constexpr unsigned kAllUpdateFlags = kCentered | kWithMomentum | kAmsgrad;

struct OptimizerKindInfo {
  OptimizerKind kind;
  const char* name;  // "Adam" (for messages)
  int slots;         // state values per parameter without any flag
  unsigned flags;    // the flags the kind reads; each one set adds a slot
};

// One row per kind, in the enum's order.
inline constexpr OptimizerKindInfo kOptimizerKinds[] = {
    {OptimizerKind::SGD, "SGD", 0, 0},
    {OptimizerKind::Momentum, "Momentum", 1, 0},
    {OptimizerKind::Nesterov, "Nesterov", 1, 0},
    {OptimizerKind::Adagrad, "Adagrad", 1, 0},
    {OptimizerKind::RMSprop, "RMSprop", 1, kCentered | kWithMomentum},
    {OptimizerKind::Adam, "Adam", 2, kAmsgrad},
    {OptimizerKind::Nadam, "Nadam", 2, 0},
    {OptimizerKind::Adadelta, "Adadelta", 2, 0},
    {OptimizerKind::Lion, "Lion", 1, 0},
};
inline constexpr int kOptimizerKindCount = static_cast<int>(sizeof(kOptimizerKinds) / sizeof(kOptimizerKinds[0]));

constexpr bool optimizer_rows_in_enum_order() {
  for (int i = 0; i < kOptimizerKindCount; ++i)
    if (static_cast<int>(kOptimizerKinds[i].kind) != i) return false;
  return true;
}
static_assert(optimizer_rows_in_enum_order(), "kOptimizerKinds: one row per OptimizerKind, in the enum's order");

// The row of `kind`; nullptr for a value outside the enum.
inline const OptimizerKindInfo* optimizer_kind_info(OptimizerKind kind) {
  const int index = static_cast<int>(kind);
  return index >= 0 && index < kOptimizerKindCount ? &kOptimizerKinds[index] : nullptr;
}

// The flags of `s` that `kind` reads (0 for a kind outside the enum).
inline unsigned update_flags(OptimizerKind kind, const UpdateScalars& s) {
  const OptimizerKindInfo* info = optimizer_kind_info(kind);
  const unsigned set = (s.centered ? kCentered : 0u) | (s.momentum > 0 ? kWithMomentum : 0u) | (s.amsgrad ? kAmsgrad : 0u);
  return info ? set & info->flags : 0u;
}

// Slot k of element i at slots[k * n + i].
struct ElementSlots {
  float* slots;
  int64_t n, i;
  TUNET_HD float& operator()(int64_t k) const { return slots[k * n + i]; }
};

// One update of element p (gradient g, already clipped) by kind K with flags
// F (update_flags). slot(k) is the element's k-th state value:
//   SGD: none | Momentum, Nesterov: v | Adagrad: s | RMSprop: v, then a (centered), then b (momentum > 0)
//   Adam: m, v, then vmax (amsgrad) | Nadam: m, v | Adadelta: v, u | Lion: m
// A slot the flags do not keep is a local the update never touches.
template <OptimizerKind K, unsigned F, class Slot>
TUNET_HD inline void update_element(float& p, float g, const Slot& slot, const UpdateScalars& s) {
  using O = OptimizerKind;
  const float lr = s.learning_rate;
  if constexpr (K == O::SGD) {
    sgd_update(p, g, lr);
  } else if constexpr (K == O::Momentum) {
    momentum_update(p, slot(0), g, lr, s.momentum);
  } else if constexpr (K == O::Nesterov) {
    nesterov_update(p, slot(0), g, lr, s.momentum);
  } else if constexpr (K == O::Adagrad) {
    adagrad_update(p, slot(0), g, lr, s.epsilon);
  } else if constexpr (K == O::RMSprop) {
    constexpr bool centered = (F & kCentered) != 0, with_momentum = (F & kWithMomentum) != 0;
    float unused = 0.0f;
    rmsprop_update(p, slot(0), centered ? slot(1) : unused, with_momentum ? slot(centered ? 2 : 1) : unused, g, lr,
                   s.rho, s.epsilon, with_momentum ? s.momentum : 0.0f, centered);
  } else if constexpr (K == O::Adam) {
    constexpr bool amsgrad = (F & kAmsgrad) != 0;
    float unused = 0.0f;
    adam_update(p, slot(0), slot(1), amsgrad ? slot(2) : unused, g, lr, s.beta_1, s.beta_2, s.epsilon,
                s.bias_correction_1, s.bias_correction_2, amsgrad);
  } else if constexpr (K == O::Nadam) {
    nadam_update(p, slot(0), slot(1), g, s.beta_1, s.beta_2, s.epsilon, s.bias_correction_2, s.nadam_coef_g,
                 s.nadam_coef_m);
  } else if constexpr (K == O::Adadelta) {
    adadelta_update(p, slot(0), slot(1), g, lr, s.rho, s.epsilon);
  } else {
    static_assert(K == O::Lion, "update_element: a kind without its update");
    lion_update(p, slot(0), g, lr, s.beta_1, s.beta_2, s.weight_decay);
  }
}

namespace detail {

// fn(K, F) for the flags value F == flags, instantiated only for the subsets of K's own flags.
template <OptimizerKind K, class Fn, unsigned... F>
void dispatch_update_flags(unsigned flags, Fn& fn, std::integer_sequence<unsigned, F...>) {
  constexpr unsigned own = kOptimizerKinds[static_cast<int>(K)].flags;
  (
      [&] {
        if constexpr ((F & ~own) == 0)
          if (flags == F) fn(std::integral_constant<OptimizerKind, K>{}, std::integral_constant<unsigned, F>{});
      }(),
      ...);
}

template <class Fn, std::size_t... I>
void dispatch_optimizer_kind(OptimizerKind kind, unsigned flags, Fn& fn, std::index_sequence<I...>) {
  (
      [&] {
        if (static_cast<std::size_t>(kind) == I)
          dispatch_update_flags<static_cast<OptimizerKind>(I)>(flags, fn,
                                                                std::make_integer_sequence<unsigned, kAllUpdateFlags + 1>{});
      }(),
      ...);
}

}  // namespace detail

// fn(std::integral_constant<OptimizerKind, kind>{}, std::integral_constant<unsigned, flags>{}):
// the kind and its flags (update_flags) as compile-time constants, so the
// caller's loop over the elements is instantiated once per (kind, flags) and
// inlines the update. Nothing is called for a kind outside the enum.
template <class Fn>
void dispatch_optimizer(OptimizerKind kind, unsigned flags, Fn&& fn) {
  detail::dispatch_optimizer_kind(kind, flags, fn, std::make_index_sequence<kOptimizerKindCount>{});
}

}  // namespace tunet::kernels
