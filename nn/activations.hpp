#pragma once
// Activation functions by name, as the tuner passes them:
//
//   Tensor y = nn::activation(x, "relu");        // one autograd node (the core op)
//   auto kind = nn::parse_activation("gelu");    // throws Error listing valid names
//
// Names: linear, sigmoid, tanh, relu, leaky_relu (a = 0.2), elu, celu, selu,
// gelu (exact erf form), gelu_tanh (tanh approximation), silu (alias swish),
// softplus, softmax (along the last axis). The op is tunet::activation
// (core/nn_ops.hpp); the math is in core/kernels/activations.hpp.
#include <string>
#include <vector>

#include "core/nn_ops.hpp"
#include "core/tensor.hpp"

namespace tunet::nn {

// The kinds (core/op_kernels.hpp), also reachable as nn::ActivationKind.
using tunet::ActivationKind;

// y = f(x) as one op; softmax normalises along the last axis.
using tunet::activation;  // activation(x, ActivationKind)
Tensor activation(const Tensor& x, const std::string& name);

// "relu" -> ActivationKind::Relu ("swish" -> Silu); throws Error naming the
// unknown name and listing the valid ones.
ActivationKind parse_activation(const std::string& name);
std::string activation_name(ActivationKind kind);  // the canonical name
std::vector<std::string> activation_names();       // every accepted name

}  // namespace tunet::nn
