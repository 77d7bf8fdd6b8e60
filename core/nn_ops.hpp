#pragma once
// The differentiable ops behind nn's layers and losses. Each is one autograd
// node that runs on its inputs' device through that device's kernel table
// (core/op_kernels.hpp): outputs are allocated there, and gradients flow to
// every input that requires them.
//
//   Tensor h = dense(x, w, b, ActivationKind::Relu);   // relu(x W + b)
//   Tensor d = dropout(h, 0.2, rng);                    // training only
//   Tensor l = loss(LossKind::SparseSoftmaxCrossentropyFromLogits, z, labels);
//   l.backward();
//
// The activation and loss formulas are in core/kernels/activations.hpp and
// core/kernels/losses.hpp; nn/activations.hpp and nn/losses.hpp give them names.
#include "core/op_kernels.hpp"
#include "core/random.hpp"
#include "core/tensor.hpp"

namespace tunet {

// y = f(x W + b) for x (..., in), kernel W (in, out), bias b (out) -> y (..., out).
// The pre-activation z is kept for backward only when f' needs it
// (activation_needs_input).
Tensor dense(const Tensor& x, const Tensor& kernel, const Tensor& bias, ActivationKind activation);

// y = f(x) elementwise; softmax normalises along the last axis.
Tensor activation(const Tensor& x, ActivationKind kind);

// Inverted dropout: y = x * mask, mask_i = [u_i < 1 - rate] / (1 - rate), rate
// in [0, 1) (0: x itself). The uniforms u are the next x.numel() values of
// `rng` (as Rng::fill_uniform would draw them), so the mask is reproducible and
// the same on every device.
Tensor dropout(const Tensor& x, double rate, Rng& rng);

// The mean over the batch of a loss (LossKind lists them), a scalar on pred's
// device; the gradient goes to pred only. Shapes: pred (..., C), the last axis
// holding the classes / features; target the same shape, or for the sparse
// kinds one integer class id (stored as a float) per row: (rows) or (rows, 1).
// Probabilities are clipped to [1e-7, 1 - 1e-7] (Keras).
Tensor loss(LossKind kind, const Tensor& pred, const Tensor& target);

// The number of samples (pred's first axis) predicted right, a scalar on pred's
// device, no autograd: argmax(pred) against the class id (sparse kinds) or the
// argmax of the target row; for binary outputs (a binary cross-entropy, or one
// output column without class ids) the fraction of elements whose side of the
// threshold (0 for logits, 0.5 for probabilities) matches target > 0.5.
Tensor count_correct(LossKind kind, const Tensor& pred, const Tensor& target, bool logits);

// The canonical name of an activation kind ("relu", "gelu_tanh", ...).
const char* activation_kind_name(ActivationKind kind);

// The name of a loss kind in errors and autograd nodes ("categorical_crossentropy",
// "categorical_crossentropy (from logits)", ...).
const char* loss_kind_name(LossKind kind);

// For ops that fuse an activation into their own node (dense, conv2d): the
// gradient before the activation, dz = dy f'(z), as a new tensor on dy's
// device; dy itself for linear. z may be undefined when
// activation_needs_input(kind) is false.
Tensor activation_input_grad(ActivationKind kind, const Tensor& z, const Tensor& y, const Tensor& dy);

}  // namespace tunet
