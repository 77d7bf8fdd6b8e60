#pragma once
// The convolution's training step: forward, then the backward pass for the
// input, the kernel and the bias (what one layer costs per batch), on the
// layers of conv_ladder.hpp (stride 1, "same", NCHW, kernel (KH, KW, C, F)):
//
//   y = conv(x, w) + b
//   dx[n][c][ih][iw] = sum_{f, kh, kw} dy[n][f][ih - kh + pt][iw - kw + pl] w[kh][kw][c][f]
//   dw[kh][kw][c][f] = sum_{n, oh, ow} x[n][c][oh + kh - pt][ow + kw - pl] dy[n][f][oh][ow]
//   db[f]            = sum_{n, oh, ow} dy[n][f][oh][ow]
//
//   conv_train_naive             the three formulas as loops (the reference)
//   conv_train_library_*         core's CPU kernels (Conv2dKernels) with the algorithm forced,
//                                gradients zeroed and accumulated as in training
//   conv_train_onednn_*          oneDNN's forward, backward-data and backward-weights
//                                primitives with the algorithm forced (peer_onednn_conv.cpp)
// FLOPs are 3x the forward's (each pass does the forward's multiply-adds).
#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace tunet::lab {

struct ConvTrainBuffers {
  const Tensor& x;   // (N, C, H, W)
  const Tensor& w;   // (KH, KW, C, F)
  const Tensor& b;   // (F)
  const Tensor& dy;  // (N, F, OH, OW), the gradient arriving at y
  Tensor& y;         // outputs, allocated by the caller
  Tensor& dx;
  Tensor& dw;
  Tensor& db;
};

using ConvTrainFn = void (*)(const ConvTrainBuffers& buffers);

void conv_train_naive(const ConvTrainBuffers& buffers);
void conv_train_library_im2col(const ConvTrainBuffers& buffers);
void conv_train_library_direct(const ConvTrainBuffers& buffers);
void conv_train_library_winograd(const ConvTrainBuffers& buffers);
void conv_train_onednn_auto(const ConvTrainBuffers& buffers);
void conv_train_onednn_direct(const ConvTrainBuffers& buffers);
void conv_train_onednn_winograd(const ConvTrainBuffers& buffers);

struct ConvTrainRung {
  std::string name;
  std::string adds;
  ConvTrainFn fn;       // nullptr when missing
  std::string missing;  // why the build lacks it ("" when it has it)
};

// naive first, then core's, then oneDNN's.
const std::vector<ConvTrainRung>& conv_train_ladder();

}  // namespace tunet::lab
