#pragma once
// Per-thread bodies of the CUDA optimizer step: one fused pass that clips the
// gradient and updates a parameter and its slots with the very functions of
// core/kernels/optimizer_updates.hpp the CPU table calls.
//
// Clipping, as the CPU: g = clip_value(g * scale, clipvalue), where scale =
// min(1, clipnorm / ||g||) over the whole block (1 when clipnorm is off). The
// norm comes from a device scalar (the sum of squares), turned into the scale
// by ClipScaleBody, so the step needs no copy back to the host.
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

#include "core/error.hpp"
#include "core/kernels/optimizer_updates.hpp"
#include "core/op_kernels.hpp"

namespace tunet::cuda {

// One thread (count 1): *scale = min(1, clipnorm / sqrt(*scale)), turning the
// sum of squares of the gradients into the factor that clips their norm.
struct ClipScaleBody {
  float* scale;
  float clipnorm;
  TUNET_HD void operator()(int64_t) const {
    const double norm = std::sqrt(static_cast<double>(*scale));
    *scale = norm > clipnorm ? static_cast<float>(clipnorm / norm) : 1.0f;
  }
};

// Slot k of parameter i lives at slots[k * n + i]; which slots a kind keeps:
//   Momentum, Nesterov: v | Adagrad: s | RMSprop: v, then a (centered), then b (momentum > 0)
//   Adam: m, v, then vmax (amsgrad) | Nadam: m, v | Adadelta: v, u | Lion: m | SGD: none
//
// Parameter i: one update of kind K. clip_scale (a device scalar from
// ClipScaleBody) may be null: no norm clipping.
template <OptimizerKind K>
struct OptimizerStepBody {
  float* params;
  const float* grads;
  float* slots;
  int64_t n;
  UpdateScalars s;
  const float* clip_scale;

  TUNET_HD void operator()(int64_t i) const {
    namespace k = tunet::kernels;
    using O = OptimizerKind;
    float g = grads[i];
    if (clip_scale) g *= *clip_scale;
    g = k::clip_value(g, s.clipvalue);
    float& p = params[i];
    if constexpr (K == O::SGD) {
      k::sgd_update(p, g, s.learning_rate);
    } else if constexpr (K == O::Momentum) {
      k::momentum_update(p, slot(0, i), g, s.learning_rate, s.momentum);
    } else if constexpr (K == O::Nesterov) {
      k::nesterov_update(p, slot(0, i), g, s.learning_rate, s.momentum);
    } else if constexpr (K == O::Adagrad) {
      k::adagrad_update(p, slot(0, i), g, s.learning_rate, s.epsilon);
    } else if constexpr (K == O::RMSprop) {
      float unused = 0.0f;  // a slot the configuration does not keep: the update never touches it
      const bool momentum = s.momentum > 0.0f;
      float& a = s.centered ? slot(1, i) : unused;
      float& b = momentum ? slot(s.centered ? 2 : 1, i) : unused;
      k::rmsprop_update(p, slot(0, i), a, b, g, s.learning_rate, s.rho, s.epsilon, momentum ? s.momentum : 0.0f,
                        s.centered);
    } else if constexpr (K == O::Adam) {
      float unused = 0.0f;
      float& vmax = s.amsgrad ? slot(2, i) : unused;
      k::adam_update(p, slot(0, i), slot(1, i), vmax, g, s.learning_rate, s.beta_1, s.beta_2, s.epsilon,
                     s.bias_correction_1, s.bias_correction_2, s.amsgrad);
    } else if constexpr (K == O::Nadam) {
      k::nadam_update(p, slot(0, i), slot(1, i), g, s.beta_1, s.beta_2, s.epsilon, s.bias_correction_2,
                      s.nadam_coef_g, s.nadam_coef_m);
    } else if constexpr (K == O::Adadelta) {
      k::adadelta_update(p, slot(0, i), slot(1, i), g, s.learning_rate, s.rho, s.epsilon);
    } else {
      static_assert(K == O::Lion);
      k::lion_update(p, slot(0, i), g, s.learning_rate, s.beta_1, s.beta_2, s.weight_decay);
    }
  }

  TUNET_HD float& slot(int64_t index, int64_t i) const { return slots[index * n + i]; }
};

// fn(std::integral_constant<OptimizerKind, kind>{}).
template <class Fn>
void with_optimizer_kind(OptimizerKind kind, Fn&& fn) {
  using O = OptimizerKind;
  switch (kind) {
    case O::SGD: return fn(std::integral_constant<O, O::SGD>{});
    case O::Momentum: return fn(std::integral_constant<O, O::Momentum>{});
    case O::Nesterov: return fn(std::integral_constant<O, O::Nesterov>{});
    case O::Adagrad: return fn(std::integral_constant<O, O::Adagrad>{});
    case O::RMSprop: return fn(std::integral_constant<O, O::RMSprop>{});
    case O::Adam: return fn(std::integral_constant<O, O::Adam>{});
    case O::Nadam: return fn(std::integral_constant<O, O::Nadam>{});
    case O::Adadelta: return fn(std::integral_constant<O, O::Adadelta>{});
    case O::Lion: return fn(std::integral_constant<O, O::Lion>{});
  }
  throw Error("cuda optimizer: unknown kind " + std::to_string(static_cast<int>(kind)));
}

// ---- pass (executor: see activation_bodies.hpp) ----

// One update of params (n) from grads (n) and slots (slot_count * n).
// squares: null without clipnorm, else a device scalar holding sum_i grads_i^2
// (overwritten with the clip factor).
template <class Exec>
void optimizer_step_pass(Exec& exec, OptimizerKind kind, const UpdateScalars& s, float* params, const float* grads,
                         float* slots, int64_t n, float* squares) {
  if (n == 0) return;
  if (squares) exec.launch(1, ClipScaleBody{squares, s.clipnorm});
  with_optimizer_kind(kind, [&](auto k) {
    exec.launch(n, OptimizerStepBody<decltype(k)::value>{params, grads, slots, n, s, squares});
  });
}

}  // namespace tunet::cuda
