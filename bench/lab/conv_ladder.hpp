#pragma once
// The Conv2D ladder (forward, stride 1, "same" padding, bias, no activation)
// on NCHW batches, with the kernel in Keras's (KH, KW, C, F) layout:
//
//   y[n][f][oh][ow] = b[f] + sum_{kh, kw, c} x[n][c][oh + kh - pt][ow + kw - pl] w[kh][kw][c][f]
//
//   conv_naive           the specification: seven nested loops
//   conv_im2col_lab      im2col (core's) + the lab's parallel packed GEMM
//   conv_library_*       core's conv2d with a forced ConvAlgorithm: im2col + Eigen,
//                        the direct register-blocked kernel, Winograd
//   conv_onednn_*        oneDNN's convolution with a forced algorithm (auto, direct,
//                        Winograd; bench/lab/peers.hpp), where the build has oneDNN
// FLOPs are counted as the direct convolution's (2 N P K F), so Winograd's
// figure is an effective rate (it does fewer multiplications).
#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "core/window.hpp"

namespace tunet::lab {

struct ConvLayer {
  std::string name;  // e.g. "cnn_conv1"
  int64_t n, c, h, w, kernel, f;
};

// The CNN of the training benchmarks (bench/bench_models.hpp) at batch 128:
// Conv 5x5 1 -> 16 on 28 x 28, Conv 5x5 16 -> 36 on 14 x 14.
std::vector<ConvLayer> cnn_conv_layers();

ConvDims conv_layer_dims(const ConvLayer& layer);

// y (N, F, OH, OW) from x (N, C, H, W), w (KH, KW, C, F), b (F).
using ConvFn = Tensor (*)(const Tensor& x, const Tensor& w, const Tensor& b);

Tensor conv_naive(const Tensor& x, const Tensor& w, const Tensor& b);
Tensor conv_im2col_lab(const Tensor& x, const Tensor& w, const Tensor& b);
Tensor conv_library_im2col(const Tensor& x, const Tensor& w, const Tensor& b);
Tensor conv_library_direct(const Tensor& x, const Tensor& w, const Tensor& b);
Tensor conv_library_winograd(const Tensor& x, const Tensor& w, const Tensor& b);

struct ConvRung {
  std::string name;
  std::string adds;
  ConvFn fn;  // nullptr when missing
  bool threaded;
  std::string missing = "";  // why the build lacks this rung ("" when it has it)
};

const std::vector<ConvRung>& conv_ladder();

}  // namespace tunet::lab
