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

// dz = dy f'(z) of a layer's output, formed one sample (rows x cols) at a time
// by a kernel whose first pass reads it (the convolutions' backward passes): the
// sample's dz is made in the kernel's cache-sized buffer, never written to memory
// as a whole tensor and read back.
struct OutputGrad {
  ActivationKind kind;
  const float* z;   // null when activation_needs_input(kind) is false
  const float* y;   // null when kind is linear
  const float* dy;
  int64_t rows, cols;  // of one sample (a conv2d's F * OH rows of OW)
  // dz of sample n: dy itself when linear, else written into `buffer` (rows x cols).
  const float* sample(int64_t n, float* buffer) const;
};

}  // namespace tunet::cpu
