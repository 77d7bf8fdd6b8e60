#pragma once
// Conv2D by im2col + GEMM: the CPU's general algorithm (any stride, kernel and
// channel count), internal to core/cpu/conv2d.cpp.
//
// Per chunk of S samples the im2col matrix col (S*P, K = KH*KW*C)
// (core/cpu/im2col.hpp), then one GEMM against W seen as (K, F):
//   forward   z (S*P, F) = col W + b,   y = f(z)
//   backward  dW += col^T dz,  db += sum dz,  dx += col2im(dz W^T)
// The matrix is built in the rows order from 8 input channels on, in the
// planes order below (the faster one for each, measured). Chunks run in parallel (one
// OpenMP team, per-thread scratch); the per-thread dW and db partials are
// added in thread order, so for a given thread count the result does not
// depend on timing.
#include "core/cpu/activations.hpp"
#include "core/window.hpp"

namespace tunet::cpu {

// z (N, F, OH, OW) = conv(x, w) + b, y = f(z) (y may be z); x (N, C, H, W), w (KH, KW, C, F).
void im2col_conv2d_forward(const float* x, const float* w, const float* b, float* z, float* y,
                           ActivationKind activation, const ConvDims& d);

// Given dz (N, F, OH, OW): dx += d(conv)/dx, dw += ..., db += sum dz. Any of
// dx, dw, db may be null.
void im2col_conv2d_backward(const float* x, const float* w, const float* dz, float* dx, float* dw,
                            float* db, const ConvDims& d);

}  // namespace tunet::cpu
