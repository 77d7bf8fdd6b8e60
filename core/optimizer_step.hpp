#pragma once
// optimizer_step: one optimizer update of a flat parameter block, as one fused
// pass over parameters, gradients and state on their device (the kernels of
// OptimizerKernels, core/op_kernels.hpp; the per-element formulas are in
// core/kernels/optimizer_updates.hpp). nn/optimizer.cpp computes the step's
// scalars on the host and calls it once per training step.
//
//   UpdateScalars s{.learning_rate = 1e-3f, .beta_1 = 0.9f, .beta_2 = 0.999f, .epsilon = 1e-7f,
//                   .bias_correction_1 = 1 - 0.9f, .bias_correction_2 = 1 - 0.999f};
//   Tensor slots = Tensor::zeros({optimizer_slot_count(OptimizerKind::Adam, s) * n});
//   optimizer_step(OptimizerKind::Adam, s, params, grads, slots);
//
// Before the update the gradient is clipped: clipnorm scales the whole block
// so that its global L2 norm is at most clipnorm, then clipvalue clamps each
// element to [-clipvalue, clipvalue]; 0 turns either off.
#include "core/kernels/optimizer_updates.hpp"
#include "core/op_kernels.hpp"

namespace tunet {

// The state values per parameter an update of `kind` keeps, with the flags of
// `s` (RMSprop's centered and momentum, Adam's amsgrad). Slot k of element i
// lives at k * n + i; each kind's slots are listed at kernels::update_element
// (core/kernels/optimizer_updates.hpp). Error for a kind outside the enum.
int optimizer_slot_count(OptimizerKind kind, const UpdateScalars& s);

// "Adam", ... (for messages)
const char* optimizer_kind_name(OptimizerKind kind);

// params (n) updated in place from grads (n) and slots (optimizer_slot_count *
// n), all contiguous on one device. Error when the sizes or devices differ.
void optimizer_step(OptimizerKind kind, const UpdateScalars& s, Tensor& params, const Tensor& grads, Tensor& slots);

}  // namespace tunet
