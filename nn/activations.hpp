#pragma once
// Activation functions by name, as the tuner passes them:
//
//   Tensor y = nn::activation(x, "relu");        // one autograd node
//   auto kind = nn::parse_activation("gelu");    // throws Error listing valid names
//
// Names: linear, sigmoid, tanh, relu, leaky_relu (a = 0.2), elu, celu, selu,
// gelu (exact erf form), gelu_tanh (tanh approximation), silu (alias swish),
// softplus, softmax (along the last axis). The math is in core/kernels/activations.hpp.
//
// Layers that fuse an activation into their own node (Dense, Conv2D) call the
// raw kernels activation_forward / activation_backward below on their buffers.
#include <cstdint>
#include <string>
#include <vector>

#include "core/op_kernels.hpp"
#include "core/tensor.hpp"

namespace tunet::nn {

// The kinds (core/op_kernels.hpp), also reachable as nn::ActivationKind.
using tunet::ActivationKind;

// y = f(x) as one op; softmax normalises along the last axis.
Tensor activation(const Tensor& x, ActivationKind kind);
Tensor activation(const Tensor& x, const std::string& name);

// "relu" -> ActivationKind::Relu ("swish" -> Silu); throws Error naming the
// unknown name and listing the valid ones.
ActivationKind parse_activation(const std::string& name);
std::string activation_name(ActivationKind kind);  // the canonical name
std::vector<std::string> activation_names();       // every accepted name

// ---- raw kernels on a (rows, cols) row-major block; cols matters for softmax only ----
// y = f(z). y may alias z.
void activation_forward(ActivationKind kind, const float* z, float* y, int64_t rows, int64_t cols);
// dz = dy * f'(z) (overwrites dz). Needs z unless activation_backward_needs_input(kind)
// is false (then z may be null and only y is read). dz may alias dy.
void activation_backward(ActivationKind kind, const float* z, const float* y, const float* dy,
                         float* dz, int64_t rows, int64_t cols);
// False when f'(z) follows from y alone (linear, sigmoid, tanh, relu, softmax):
// a fused layer then need not keep its pre-activation buffer for backward.
bool activation_backward_needs_input(ActivationKind kind);
// In a fused layer's backward: dz = dy * f'(z) over `rows` x `cols`, written into
// `buffer` (allocated here); for linear, dy itself. `z` may be undefined when
// activation_backward_needs_input(kind) is false.
const float* fused_activation_backward(ActivationKind kind, const Tensor& z, const Tensor& y,
                                       const Tensor& dy, int64_t rows, int64_t cols,
                                       Tensor& buffer);

}  // namespace tunet::nn
