#pragma once
// Losses, as Keras defines them: the mean over the batch of a per-sample loss,
// returned as a scalar tensor with one autograd node (gradient to y_pred only).
// These are names for the core op tunet::loss(LossKind, ...) (core/nn_ops.hpp),
// which runs on y_pred's device.
//
//   Tensor l = nn::loss("categorical_crossentropy", probs, one_hot);
//   Tensor l = nn::sparse_categorical_crossentropy(probs, labels);  // labels (N): 0, 3, 9, ...
//
// Names (loss_function): categorical_crossentropy, sparse_categorical_crossentropy,
// binary_crossentropy, mean_squared_error (alias mse).
//
// Shapes: y_pred (N, C) (or any rank: the last axis is the class/feature axis).
//   categorical_crossentropy         y_true same shape as y_pred (one-hot or soft targets)
//   sparse_categorical_crossentropy  y_true (N) or (N, 1): integer class ids stored as floats
//   binary_crossentropy, mse         y_true same shape; mean over every element
// Probabilities are clipped to [1e-7, 1 - 1e-7] as Keras does (Keras also divides
// y_pred by its row sum first; tunet does not: a softmax output already sums to 1).
//
// ---- Fused output activation + loss (how Sequential uses it) ----
// Softmax followed by cross-entropy is computed far better from the logits z:
// loss = logsumexp(z) - sum_i t_i z_i and d loss / d z = softmax(z) - t, with no
// log of a tiny probability and no clipping. A model whose last layer applies
// activation A (its config()'s "activation" entry: Dense, Conv2D, Activation)
// and whose loss L satisfies loss_fuses_with(L, A) should, in training and
// evaluation:
//   1. run the last layer with ForwardContext::output_logits = true (the layer
//      then skips its final activation and returns z), and
//   2. compute loss_from_logits(L, z, y_true) instead of loss(L, A(z), y_true).
// argmax(z) = argmax(softmax(z)), so accuracy can be read from z directly;
// predict() runs without output_logits and returns probabilities.
// Pairs that fuse: softmax with (sparse_)categorical_crossentropy, sigmoid with
// binary_crossentropy.
#include <string>
#include <vector>

#include "core/nn_ops.hpp"
#include "core/tensor.hpp"

namespace tunet::nn {

Tensor categorical_crossentropy(const Tensor& y_pred, const Tensor& y_true);
Tensor sparse_categorical_crossentropy(const Tensor& y_pred, const Tensor& y_true);
Tensor binary_crossentropy(const Tensor& y_pred, const Tensor& y_true);
Tensor mean_squared_error(const Tensor& y_pred, const Tensor& y_true);

using LossFunction = Tensor (*)(const Tensor& y_pred, const Tensor& y_true);

// By name; throws Error naming the unknown name and listing the valid ones.
LossFunction loss_function(const std::string& name);
Tensor loss(const std::string& name, const Tensor& y_pred, const Tensor& y_true);
std::vector<std::string> loss_names();
// The kind behind a name: its probability form, or with from_logits its fused
// logit form; Error for an unknown name or one without a logit form.
LossKind parse_loss(const std::string& name, bool from_logits = false);

// ---- fused forms (see the protocol above) ----
bool loss_fuses_with(const std::string& loss_name, const std::string& activation_name);
// Dispatches on loss_name; throws Error when it has no logit form.
Tensor loss_from_logits(const std::string& loss_name, const Tensor& logits, const Tensor& y_true);
// mean_n [ logsumexp(z_n) * sum_i t_ni - sum_i t_ni z_ni ]
Tensor softmax_cross_entropy_from_logits(const Tensor& logits, const Tensor& y_true);
// mean_n [ logsumexp(z_n) - z_n,label_n ]
Tensor sparse_softmax_cross_entropy_from_logits(const Tensor& logits, const Tensor& labels);
// mean over elements of max(z, 0) - z t + log1p(e^-|z|)
Tensor sigmoid_binary_crossentropy_from_logits(const Tensor& logits, const Tensor& y_true);

}  // namespace tunet::nn
