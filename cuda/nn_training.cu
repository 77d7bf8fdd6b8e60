// The CUDA tables of training's kernels: the losses (with count_correct) and
// the optimizer step. Each entry runs the pass of cuda/kernels/ that the host
// tests check against the CPU tables.
#include "core/error.hpp"
#include "cuda/device_exec.cuh"
#include "cuda/kernels/loss_bodies.hpp"
#include "cuda/kernels/optimizer_bodies.hpp"
#include "cuda/tables.hpp"

namespace tunet::cuda {
namespace {

// ---- losses: pred seen as (rows, cols), the last axis the class axis ----

void loss_forward(LossKind kind, const Tensor& pred, const Tensor& target, Tensor& loss, Tensor& saved) {
  const int64_t cols = pred.dim(-1), rows = cols > 0 ? pred.numel() / cols : 0;
  DeviceExec exec;
  loss_forward_pass(exec, kind, device_ptr(pred), device_ptr(target), rows, cols, device_ptr(loss),
                    saved.defined() ? device_ptr(saved) : nullptr);
}

// dpred += g * saved, saved = d loss / d pred from the forward pass.
void loss_backward(LossKind, const Tensor& pred, const Tensor&, const Tensor& saved, const Tensor& grad_loss,
                   Tensor& dpred) {
  check(saved.defined() && saved.numel() == pred.numel(),
        "loss backward on cuda: the forward pass kept no gradient (saved) for pred " + shape_str(pred.shape()));
  DeviceExec exec;
  loss_backward_pass(exec, device_ptr(saved), device_ptr(grad_loss), device_ptr(dpred), dpred.numel());
}

// Samples along pred's first axis, each of numel / samples values.
void count_correct(LossKind kind, const Tensor& pred, const Tensor& target, bool logits, Tensor& count) {
  const int64_t samples = pred.dim(0), cols = samples > 0 ? pred.numel() / samples : 0;
  DeviceExec exec;
  count_correct_pass(exec, kind, device_ptr(pred), device_ptr(target), logits, samples, cols, device_ptr(count));
}

// ---- optimizer ----

void optimizer_step(OptimizerKind kind, const UpdateScalars& s, Tensor& params, const Tensor& grads, Tensor& slots) {
  Tensor squares;  // sum_i g_i^2 on the device, for clipnorm
  if (s.clipnorm > 0) {
    squares = scratch(1);
    reduce_kernels().sum_squares(grads, squares);
  }
  DeviceExec exec;
  optimizer_step_pass(exec, kind, s, device_ptr(params), device_ptr(grads),
                      slots.numel() > 0 ? device_ptr(slots) : nullptr, params.numel(),
                      squares.defined() ? device_ptr(squares) : nullptr);
}

}  // namespace

const LossKernels& loss_kernels() {
  static const LossKernels table = {
      .forward = loss_forward,
      .backward = loss_backward,
      .count_correct = count_correct,
  };
  return table;
}

const OptimizerKernels& optimizer_kernels() {
  static const OptimizerKernels table = {.step = optimizer_step};
  return table;
}

}  // namespace tunet::cuda
