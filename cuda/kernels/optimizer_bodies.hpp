#pragma once
// Per-thread bodies of the CUDA optimizer step: one fused pass that clips the
// gradient and updates a parameter and its slots with the very update (and
// the dispatch from a kind to it) of core/kernels/optimizer_updates.hpp the
// CPU table calls.
//
// Clipping, as the CPU: g = clip_value(g * scale, clipvalue), where scale =
// min(1, clipnorm / ||g||) over the whole block (1 when clipnorm is off). The
// norm comes from a device scalar (the sum of squares), turned into the scale
// by ClipScaleBody, so the step needs no copy back to the host.
#include <cmath>
#include <cstdint>
#include <string>

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

// Parameter i: one update of kind K with flags F (kernels::update_flags), the
// update and the slot layout of kernels::update_element. clip_scale (a device
// scalar from ClipScaleBody) may be null: no norm clipping.
template <OptimizerKind K, unsigned F>
struct OptimizerStepBody {
  float* params;
  const float* grads;
  float* slots;
  int64_t n;
  UpdateScalars s;
  const float* clip_scale;

  TUNET_HD void operator()(int64_t i) const {
    float g = grads[i];
    if (clip_scale) g *= *clip_scale;
    g = kernels::clip_value(g, s.clipvalue);
    kernels::update_element<K, F>(params[i], g, kernels::ElementSlots{slots, n, i}, s);
  }
};

// ---- pass (executor: see activation_bodies.hpp) ----

// One update of params (n) from grads (n) and slots (slot_count * n).
// squares: null without clipnorm, else a device scalar holding sum_i grads_i^2
// (overwritten with the clip factor).
template <class Exec>
void optimizer_step_pass(Exec& exec, OptimizerKind kind, const UpdateScalars& s, float* params, const float* grads,
                         float* slots, int64_t n, float* squares) {
  if (n == 0) return;
  if (squares) exec.launch(1, ClipScaleBody{squares, s.clipnorm});
  bool known = false;
  kernels::dispatch_optimizer(kind, kernels::update_flags(kind, s), [&](auto k, auto flags) {
    exec.launch(n, OptimizerStepBody<decltype(k)::value, decltype(flags)::value>{params, grads, slots, n, s, squares});
    known = true;
  });
  if (!known) throw Error("cuda optimizer: unknown kind " + std::to_string(static_cast<int>(kind)));
}

}  // namespace tunet::cuda
