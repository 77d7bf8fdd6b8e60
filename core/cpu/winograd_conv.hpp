#pragma once
// Stride-1 Conv2D by Winograd's minimal filtering (core/cpu/winograd_transform.hpp):
// the fast CPU path of conv2d for square kernels on layers with many input
// channels (a CNN's 5x5 16 -> 36 layer), internal to core/cpu/.
//
// With 8 x 8 input tiles (alpha = 8) an r x r kernel gives m = 9 - r outputs
// per tile side: F(4x4, 5x5), F(6x6, 3x3). Per batch chunk, all three passes
// are alpha^2 independent small GEMMs between transformed tiles:
//   forward    V = B^T d B (tiles x C),  U = G g G^T (C x F),
//              M = V U,                  y = A^T M A  (+ bias, activation)
//   backward   Z = A dy A^T (tiles x F), dV = Z U^T  -> dx += B dV B^T,
//              dU = V^T Z  (summed)      -> dW += G^T dU G
// (each is the chain rule through the forward formula). A 5x5 layer does
// 64 / 400 of the direct multiply-adds in the GEMMs, plus the transforms.
// The backward pass transforms each chunk's input again while it is in cache:
// keeping the batch's V from the forward pass (8 MB at the 16 -> 36 layer,
// batch 128) cost more in memory traffic than the transform (bench/RESULTS.md).
#include "core/cpu/activations.hpp"
#include "core/cpu/im2col.hpp"

namespace tunet::cpu {

// True for a stride-1 square kernel of side 3 to 5 with at least 8 input channels
// (the transforms cost per channel what the products save per channel and
// filter, so few channels gain little; a first layer goes to core/cpu/direct_conv.hpp).
bool winograd_applies(const ConvDims& d);

// z (N, F, OH, OW) = conv(x, w) + b, y = f(z) (y may be z); x (N, C, H, W), w (R, R, C, F).
void winograd_conv2d_forward(const float* x, const float* w, const float* b, float* z, float* y,
                             ActivationKind activation, const ConvDims& d);

// Given dz (N, F, OH, OW), formed a sample at a time: dx += d(conv)/dx, dw += ...,
// db += sum dz. Any of dx, dw, db may be null.
void winograd_conv2d_backward(const float* x, const float* w, const OutputGrad& dz, float* dx,
                              float* dw, float* db, const ConvDims& d);

}  // namespace tunet::cpu
