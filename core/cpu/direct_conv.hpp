#pragma once
// Direct stride-1 Conv2D for layers with few input channels (the first layer
// of an image network: C = 1 or 3), internal to core/cpu/conv2d.cpp. There im2col +
// GEMM multiplies matrices only KH*KW*C deep, and most of the time goes into
// building the im2col matrix; here each output row is computed straight from
// the zero-padded input rows, 4 filters x 32 outputs at a time in vector
// registers:
//   z[f, y, x]  = b[f] + sum_{c, i, j} W[i, j, c, f] x[c, y + i, x + j]
//   dW[i, j, c, f] = sum_{y, x} dz[f, y, x] x[c, y + i, x + j],   db[f] = sum dz[f]
// (x zero-padded by the layer's padding). The input gradient, when one is
// needed, stays with im2col (core/cpu/im2col_conv.hpp).
#include "core/cpu/activations.hpp"
#include "core/cpu/im2col.hpp"

namespace tunet::cpu {

// True for stride 1, at most 4 input channels and kernels at most 7 wide.
bool direct_conv_applies(const ConvDims& d);

// z (N, F, OH, OW) = conv(x, w) + b, y = f(z) (y may be z); x (N, C, H, W), w (KH, KW, C, F).
void direct_conv2d_forward(const float* x, const float* w, const float* b, float* z, float* y,
                           ActivationKind activation, const ConvDims& d);

// Given dz (N, F, OH, OW), formed a sample at a time: dw += dL/dW, db += sum dz
// (either may be null).
void direct_conv2d_weight_grad(const float* x, const OutputGrad& dz, float* dw, float* db,
                               const ConvDims& d);

}  // namespace tunet::cpu
