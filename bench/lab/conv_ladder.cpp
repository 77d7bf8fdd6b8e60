#include "bench/lab/conv_ladder.hpp"

#include <algorithm>
#include <vector>

#include "bench/lab/gemm_ladder.hpp"
#include "bench/lab/peers.hpp"
#include "core/autograd.hpp"
#include "core/conv_ops.hpp"
#include "core/cpu/im2col.hpp"

namespace tunet::lab {

std::vector<ConvLayer> cnn_conv_layers() {
  return {{"cnn_conv1", 128, 1, 28, 28, 5, 16}, {"cnn_conv2", 128, 16, 14, 14, 5, 36}};
}

ConvDims conv_layer_dims(const ConvLayer& l) {
  Tensor x = Tensor::empty({l.n, l.c, l.h, l.w}), w = Tensor::empty({l.kernel, l.kernel, l.c, l.f});
  return conv_dims("conv_layer_dims", x.shape(), w.shape(), 1, "same");
}

namespace {

ConvDims dims_of(const Tensor& x, const Tensor& w) { return conv_dims("kernel lab conv", x.shape(), w.shape(), 1, "same"); }

Tensor library_conv(const Tensor& x, const Tensor& w, const Tensor& b, ConvAlgorithm algorithm) {
  NoGradGuard no_grad;
  return conv2d(x, w, b, 1, "same", ActivationKind::Linear, algorithm);
}

}  // namespace

// Rung 0: the formula as written, one output at a time, threads over samples.
Tensor conv_naive(const Tensor& x, const Tensor& w, const Tensor& b) {
  const ConvDims d = dims_of(x, w);
  const Window2D& win = d.win;
  Tensor y = Tensor::empty({d.n, d.f, win.out_h, win.out_w});
  const float *xs = x.data(), *ws = w.data(), *bs = b.data();
  float* ys = y.data();
#pragma omp parallel for schedule(static)
  for (int64_t n = 0; n < d.n; ++n) {
    for (int64_t f = 0; f < d.f; ++f) {
      for (int64_t oh = 0; oh < win.out_h; ++oh) {
        for (int64_t ow = 0; ow < win.out_w; ++ow) {
          float sum = bs[f];
          for (int64_t kh = 0; kh < win.kernel_h; ++kh) {
            const int64_t ih = oh + kh - win.pad_top;
            if (ih < 0 || ih >= win.in_h) continue;
            for (int64_t kw = 0; kw < win.kernel_w; ++kw) {
              const int64_t iw = ow + kw - win.pad_left;
              if (iw < 0 || iw >= win.in_w) continue;
              for (int64_t c = 0; c < d.c; ++c) {
                sum += xs[((n * d.c + c) * win.in_h + ih) * win.in_w + iw] * ws[((kh * win.kernel_w + kw) * d.c + c) * d.f + f];
              }
            }
          }
          ys[((n * d.f + f) * win.out_h + oh) * win.out_w + ow] = sum;
        }
      }
    }
  }
  return y;
}

// Rung 1: the windows unrolled into a (N*P, K) matrix (core's row-order
// im2col: each sample turned to (H, W, C), then every window row is one run
// of KW*C floats), one GEMM with the (K, F) kernel through the lab's parallel
// packed rung, then the (N*P, F) result turned to NCHW with the bias added:
// all the multiply-adds now run in the GEMM micro-kernel, at the price of
// writing and reading K floats per output position (25x the input for a 5x5
// kernel).
// The 40 MB im2col matrix of the CNN's second layer lives in a buffer kept
// between calls: a fresh one costs ~10,000 first-touch page faults per call,
// which on a virtual machine took longer than the GEMM itself.
Tensor conv_im2col_lab(const Tensor& x, const Tensor& w, const Tensor& b) {
  const ConvDims d = dims_of(x, w);
  static std::vector<float> cols_buffer, rows_buffer;
  cols_buffer.resize(std::max<size_t>(cols_buffer.size(), d.n * d.p * d.k));
  rows_buffer.resize(std::max<size_t>(rows_buffer.size(), d.n * d.p * d.f));
  float* cols = cols_buffer.data();
#pragma omp parallel
  {
    std::vector<float> hwc(d.c * d.hw);
#pragma omp for schedule(static)
    for (int64_t n = 0; n < d.n; ++n) {
      cpu::chw_to_hwc(x.data() + n * d.c * d.hw, hwc.data(), d.c, d.hw);
      cpu::im2col_rows(hwc.data(), d, cols + n * d.p * d.k);
    }
  }
  gemm_packed_parallel(cols, w.data(), rows_buffer.data(), d.n * d.p, d.f, d.k);
  Tensor y = Tensor::empty({d.n, d.f, d.win.out_h, d.win.out_w});
  const float *rs = rows_buffer.data(), *bs = b.data();
  float* ys = y.data();
#pragma omp parallel for schedule(static)
  for (int64_t n = 0; n < d.n; ++n) {
    for (int64_t f = 0; f < d.f; ++f) {
      for (int64_t p = 0; p < d.p; ++p) ys[(n * d.f + f) * d.p + p] = rs[(n * d.p + p) * d.f + f] + bs[f];
    }
  }
  return y;
}

// Rungs 2-4: the library's own paths (core/cpu/), forced.
Tensor conv_library_im2col(const Tensor& x, const Tensor& w, const Tensor& b) {
  return library_conv(x, w, b, ConvAlgorithm::Im2col);
}
Tensor conv_library_direct(const Tensor& x, const Tensor& w, const Tensor& b) {
  return library_conv(x, w, b, ConvAlgorithm::Direct);
}
Tensor conv_library_winograd(const Tensor& x, const Tensor& w, const Tensor& b) {
  return library_conv(x, w, b, ConvAlgorithm::Winograd);
}

const std::vector<ConvRung>& conv_ladder() {
  static const std::vector<ConvRung> rungs = [] {
    std::vector<ConvRung> r{
        {"naive", "seven loops, one output at a time", conv_naive, true},
        {"im2col_lab", "im2col + the lab's packed parallel GEMM", conv_im2col_lab, true},
        {"library_im2col", "core's im2col + Eigen GEMM (ConvAlgorithm::Im2col)", conv_library_im2col, true},
        {"library_direct", "core's direct register-blocked kernel (ConvAlgorithm::Direct)", conv_library_direct, true},
        {"library_winograd", "core's Winograd F(4x4, 5x5) (ConvAlgorithm::Winograd)", conv_library_winograd, true},
    };
    const std::string missing = peer_missing("onednn");
#if defined(TUNET_LAB_WITH_ONEDNN)
    const ConvFn onednn[] = {conv_onednn_auto, conv_onednn_direct, conv_onednn_winograd};
#else
    const ConvFn onednn[] = {nullptr, nullptr, nullptr};
#endif
    r.push_back({"onednn_auto", "oneDNN's convolution, convolution_auto", onednn[0], true, missing});
    r.push_back({"onednn_direct", "oneDNN's convolution, convolution_direct", onednn[1], true, missing});
    r.push_back({"onednn_winograd", "oneDNN's convolution, convolution_winograd", onednn[2], true, missing});
    return r;
  }();
  return rungs;
}

}  // namespace tunet::lab
