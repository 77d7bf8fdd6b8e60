#pragma once
// The CPU activation loops on raw (rows, cols) row-major blocks, for the CPU
// kernels that fuse an activation into their own sweep (dense, conv2d) and for
// ActivationKernels::cpu(). cols matters for softmax only (it runs along each
// row); the per-element math is core/kernels/activations.hpp.
//
//   cpu::activation_forward(ActivationKind::Relu, z, y, rows, cols);  // y may be z
#include <cstdint>

#include "core/op_kernels.hpp"

namespace tunet::cpu {

// y = f(z) over rows x cols. y may alias z.
void activation_forward(ActivationKind kind, const float* z, float* y, int64_t rows, int64_t cols);

// dz = dy f'(z) over rows x cols (overwrites dz; dz may alias dy). z may be
// null when activation_needs_input(kind) is false: then only y is read.
void activation_backward(ActivationKind kind, const float* z, const float* y, const float* dy, float* dz,
                         int64_t rows, int64_t cols);

}  // namespace tunet::cpu
