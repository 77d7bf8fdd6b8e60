#include "bench/lab/conv_train_ladder.hpp"

#include <algorithm>
#include <vector>

#include "bench/lab/peers.hpp"
#include "core/conv_ops.hpp"
#include "core/op_kernels.hpp"

namespace tunet::lab {
namespace {

ConvDims dims_of(const Tensor& x, const Tensor& w) {
  return conv_dims("kernel lab conv training step", x.shape(), w.shape(), 1, "same");
}

void zero(Tensor& t) { std::fill(t.data(), t.data() + t.numel(), 0.0f); }

// core's kernels as a training step runs them: the op resolves the algorithm
// (an Error when it does not apply), the gradients start at zero and are added to.
void library_step(const ConvTrainBuffers& io, ConvAlgorithm requested) {
  const ConvDims d = dims_of(io.x, io.w);
  const ConvAlgorithm algorithm = resolve_conv_algorithm(Device::CPU, d, requested);
  const Conv2dKernels& kernels = Conv2dKernels::cpu();
  kernels.forward(algorithm, io.x, io.w, io.b, ActivationKind::Linear, d, io.y, io.y);
  zero(io.dx);
  zero(io.dw);
  zero(io.db);
  const ConvOutputGrad grad{.dy = io.dy, .z = io.y, .y = io.y, .activation = ActivationKind::Linear};
  kernels.backward(algorithm, io.x, io.w, grad, d, io.dx, io.dw, io.db);
}

}  // namespace

// The reference: each formula as written; threads over samples (forward, dx)
// and over output features (dw, db), so that no two threads add to one value.
void conv_train_naive(const ConvTrainBuffers& io) {
  const ConvDims d = dims_of(io.x, io.w);
  const Window2D& g = d.win;
  const float *xs = io.x.data(), *ws = io.w.data(), *bs = io.b.data(), *dys = io.dy.data();
  float *ys = io.y.data(), *dxs = io.dx.data(), *dws = io.dw.data(), *dbs = io.db.data();
  const auto x_at = [&](int64_t n, int64_t c, int64_t h, int64_t w) { return ((n * d.c + c) * g.in_h + h) * g.in_w + w; };
  const auto y_at = [&](int64_t n, int64_t f, int64_t h, int64_t w) { return ((n * d.f + f) * g.out_h + h) * g.out_w + w; };
  const auto w_at = [&](int64_t kh, int64_t kw, int64_t c, int64_t f) { return ((kh * g.kernel_w + kw) * d.c + c) * d.f + f; };
  // For every output position and tap inside the plane: visit(oh, ow, c, ih, iw, kh, kw).
  const auto taps = [&](auto&& visit) {
    for (int64_t oh = 0; oh < g.out_h; ++oh) {
      for (int64_t ow = 0; ow < g.out_w; ++ow) {
        for (int64_t kh = 0; kh < g.kernel_h; ++kh) {
          const int64_t ih = oh + kh - g.pad_top;
          if (ih < 0 || ih >= g.in_h) continue;
          for (int64_t kw = 0; kw < g.kernel_w; ++kw) {
            const int64_t iw = ow + kw - g.pad_left;
            if (iw < 0 || iw >= g.in_w) continue;
            for (int64_t c = 0; c < d.c; ++c) visit(oh, ow, c, ih, iw, kh, kw);
          }
        }
      }
    }
  };
#pragma omp parallel for schedule(static)
  for (int64_t n = 0; n < d.n; ++n) {
    std::fill(dxs + x_at(n, 0, 0, 0), dxs + x_at(n + 1, 0, 0, 0), 0.0f);
    for (int64_t f = 0; f < d.f; ++f) {
      for (int64_t p = 0; p < d.p; ++p) ys[y_at(n, f, 0, 0) + p] = bs[f];
      taps([&](int64_t oh, int64_t ow, int64_t c, int64_t ih, int64_t iw, int64_t kh, int64_t kw) {
        ys[y_at(n, f, oh, ow)] += xs[x_at(n, c, ih, iw)] * ws[w_at(kh, kw, c, f)];
        dxs[x_at(n, c, ih, iw)] += dys[y_at(n, f, oh, ow)] * ws[w_at(kh, kw, c, f)];
      });
    }
  }
  // dw and db sum N * OH * OW terms (10^5 for the CNN): in double, so that
  // the reference's own rounding stays far below the rungs'.
#pragma omp parallel for schedule(static)
  for (int64_t f = 0; f < d.f; ++f) {
    std::vector<double> dw_f(g.kernel_h * g.kernel_w * d.c, 0.0);
    double db_f = 0.0;
    for (int64_t n = 0; n < d.n; ++n) {
      for (int64_t p = 0; p < d.p; ++p) db_f += dys[y_at(n, f, 0, 0) + p];
      taps([&](int64_t oh, int64_t ow, int64_t c, int64_t ih, int64_t iw, int64_t kh, int64_t kw) {
        dw_f[(kh * g.kernel_w + kw) * d.c + c] += double(xs[x_at(n, c, ih, iw)]) * dys[y_at(n, f, oh, ow)];
      });
    }
    for (int64_t t = 0; t < int64_t(dw_f.size()); ++t) dws[t * d.f + f] = float(dw_f[t]);
    dbs[f] = float(db_f);
  }
}

void conv_train_library_im2col(const ConvTrainBuffers& io) { library_step(io, ConvAlgorithm::Im2col); }
void conv_train_library_direct(const ConvTrainBuffers& io) { library_step(io, ConvAlgorithm::Direct); }
void conv_train_library_winograd(const ConvTrainBuffers& io) { library_step(io, ConvAlgorithm::Winograd); }

const std::vector<ConvTrainRung>& conv_train_ladder() {
  static const std::vector<ConvTrainRung> rungs = [] {
    std::vector<ConvTrainRung> r{
        {"naive_fwd_bwd", "the three formulas as loops", conv_train_naive, ""},
        {"library_im2col_fwd_bwd", "core's im2col + GEMM both ways", conv_train_library_im2col, ""},
        {"library_direct_fwd_bwd", "core's direct kernel; dx through im2col", conv_train_library_direct, ""},
        {"library_winograd_fwd_bwd", "core's Winograd F(4x4, 5x5) both ways", conv_train_library_winograd, ""},
    };
    const std::string missing = peer_missing("onednn");
#if defined(TUNET_LAB_WITH_ONEDNN)
    const ConvTrainFn onednn[] = {conv_train_onednn_auto, conv_train_onednn_direct, conv_train_onednn_winograd};
#else
    const ConvTrainFn onednn[] = {nullptr, nullptr, nullptr};
#endif
    r.push_back({"onednn_auto_fwd_bwd", "oneDNN's three primitives, convolution_auto", onednn[0], missing});
    r.push_back({"onednn_direct_fwd_bwd", "oneDNN's three primitives, convolution_direct", onednn[1], missing});
    r.push_back({"onednn_winograd_fwd_bwd", "oneDNN's three primitives, convolution_winograd", onednn[2], missing});
    return r;
  }();
  return rungs;
}

}  // namespace tunet::lab
