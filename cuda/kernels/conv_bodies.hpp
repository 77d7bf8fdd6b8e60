#pragma once
// Per-thread bodies of the CUDA Conv2D (im2col + cuBLAS GEMM), for S samples
// at a time (pointers to the first sample of the group).
//
// Dimensions (core/window.hpp): C input channels on an H x W plane, a KH x KW
// window, OH x OW outputs, P = OH*OW, K = KH*KW*C, F filters. The im2col matrix
// of S samples is (S*P, K), row s*P + oh*OW + ow, column (kh*KW + kw)*C + c, as
// Conv2dKernels::im2col documents; zeros where the window leaves the plane.
//
// The passes at the end: forward = im2col, then per sample z_s (F, P) =
// W^T (F, K) cols_s^T (K, P), a strided batched GEMM that writes NCHW
// directly, then bias + activation; backward = dz as rows (S*P, F), dW +=
// cols^T dz_rows, dcols = dz_rows W^T folded back by col2im, db from plane
// sums. Executor: see activation_bodies.hpp.
#include <algorithm>
#include <cstdint>

#include "core/kernels/hd.hpp"
#include "core/op_kernels.hpp"
#include "core/window.hpp"
#include "cuda/kernels/bias_bodies.hpp"

namespace tunet::cuda {

// Element i = row * K + column of cols (S*P, K) from x (S, C, H, W).
struct Im2colBody {
  const float* x;
  float* cols;
  ConvDims d;
  TUNET_HD void operator()(int64_t i) const {
    const Window2D& g = d.win;
    const int64_t row = i / d.k, column = i % d.k;
    const int64_t s = row / d.p, p = row % d.p;
    const int64_t oh = p / g.out_w, ow = p % g.out_w;
    const int64_t c = column % d.c, window = column / d.c;
    const int64_t ih = oh * g.stride_h - g.pad_top + window / g.kernel_w;
    const int64_t iw = ow * g.stride_w - g.pad_left + window % g.kernel_w;
    const bool inside = ih >= 0 && ih < g.in_h && iw >= 0 && iw < g.in_w;
    cols[i] = inside ? x[(s * d.c + c) * d.hw + ih * g.in_w + iw] : 0.0f;
  }
};

// Element i of dx (S, C, H, W): dx += the entries of dcols (S*P, K) that
// im2col copied from it, gathered by this one thread (no atomics, no races),
// window positions in order kh, kw.
struct Col2imBody {
  const float* dcols;
  float* dx;
  ConvDims d;
  TUNET_HD void operator()(int64_t i) const {
    const Window2D& g = d.win;
    const int64_t s = i / (d.c * d.hw), plane_index = i % (d.c * d.hw);
    const int64_t c = plane_index / d.hw, ih = (plane_index % d.hw) / g.in_w, iw = plane_index % g.in_w;
    float total = dx[i];
    for (int64_t kh = 0; kh < g.kernel_h; ++kh) {
      // output row oh reads ih when oh * stride_h - pad_top + kh == ih
      const int64_t th = ih + g.pad_top - kh;
      if (th < 0 || th % g.stride_h != 0 || th / g.stride_h >= g.out_h) continue;
      const int64_t oh = th / g.stride_h;
      for (int64_t kw = 0; kw < g.kernel_w; ++kw) {
        const int64_t tw = iw + g.pad_left - kw;
        if (tw < 0 || tw % g.stride_w != 0 || tw / g.stride_w >= g.out_w) continue;
        const int64_t row = s * d.p + oh * g.out_w + tw / g.stride_w;
        total += dcols[row * d.k + (kh * g.kernel_w + kw) * d.c + c];
      }
    }
    dx[i] = total;
  }
};

// Element i = row * channels + channel of rows (S*inner, channels) from
// planes (S, channels, inner): the gradient dz (S, F, P) as the GEMM operand (S*P, F).
struct PlanesToRowsBody {
  const float* planes;
  float* rows;
  int64_t channels, inner;
  TUNET_HD void operator()(int64_t i) const {
    const int64_t row = i / channels, channel = i % channels;
    const int64_t s = row / inner, position = row % inner;
    rows[i] = planes[(s * channels + channel) * inner + position];
  }
};

// ---- passes ----

// The scratch im2col matrix is capped at this many floats (256 MiB): larger
// batches go through it in groups of samples.
inline constexpr int64_t kConvScratchFloats = int64_t(1) << 26;

// Samples per group: as many as fit the cap, at least one.
inline int64_t conv_group_samples(const ConvDims& d) {
  const int64_t per_sample = std::max<int64_t>(d.p * std::max(d.k, d.f), 1);
  return std::clamp<int64_t>(kConvScratchFloats / per_sample, 1, std::max<int64_t>(d.n, 1));
}

// cols (N*P, K) = im2col(x).
template <class Exec>
void im2col_pass(Exec& exec, const float* x, const ConvDims& d, float* cols) {
  exec.launch(d.n * d.p * d.k, Im2colBody{x, cols, d});
}

// dx (N, C, H, W) += cols (N*P, K) folded back onto the planes.
template <class Exec>
void col2im_pass(Exec& exec, const float* cols, const ConvDims& d, float* dx) {
  exec.launch(d.n * d.c * d.hw, Col2imBody{cols, dx, d});
}

// z = conv(x, W) + b, y = f(z) (y may be z): x (N, C, H, W), W (K, F), z and y
// (N, F, OH, OW); `group` samples at a time (conv_group_samples).
template <class Exec>
void conv2d_forward_pass(Exec& exec, const float* x, const float* w, const float* b, ActivationKind activation,
                         const ConvDims& d, int64_t group, float* z, float* y) {
  if (d.n == 0 || d.f == 0 || d.p == 0) return;
  float* cols = exec.scratch(group * d.p * d.k);
  for (int64_t n0 = 0; n0 < d.n; n0 += group) {
    const int64_t samples = std::min(group, d.n - n0);
    exec.launch(samples * d.p * d.k, Im2colBody{x + n0 * d.c * d.hw, cols, d});
    // z_s (F, P) = W^T cols_s^T for each sample s of the group
    exec.gemm({.a = w, .b = cols, .c = z + n0 * d.f * d.p, .m = d.f, .n = d.p, .k = d.k,
               .transpose_a = true, .transpose_b = true, .batch = samples,
               .stride_a = 0, .stride_b = d.p * d.k, .stride_c = d.f * d.p});
  }
  bias_activation_pass(exec, z, y, b, activation, d.n * d.f * d.p, d.f, d.p, d.win.out_w);
}

// Given dz (N, F, OH, OW): dx, dW (K, F), db += the gradients (each may be
// null); `group` samples at a time (conv_group_samples).
template <class Exec>
void conv2d_backward_pass(Exec& exec, const float* x, const float* w, const float* dz, const ConvDims& d,
                          int64_t group, float* dx, float* dw, float* db) {
  if (d.n == 0 || d.f == 0 || d.p == 0) return;
  if (db) exec.sum(ChannelSumTerms{dz, d.f, d.p}, d.f, d.n * d.p, db, true);  // db_f += sum_n,p dz (n, f, p)
  if (!dx && !dw) return;
  float* dz_rows = exec.scratch(group * d.p * d.f);
  float* cols = exec.scratch(group * d.p * d.k);  // im2col(x) for dW, then dcols for dx
  for (int64_t n0 = 0; n0 < d.n; n0 += group) {
    const int64_t samples = std::min(group, d.n - n0), rows = samples * d.p;
    exec.launch(rows * d.f, PlanesToRowsBody{dz + n0 * d.f * d.p, dz_rows, d.f, d.p});
    if (dw) {  // dW (K, F) += cols^T dz_rows
      exec.launch(rows * d.k, Im2colBody{x + n0 * d.c * d.hw, cols, d});
      exec.gemm({.a = cols, .b = dz_rows, .c = dw, .m = d.k, .n = d.f, .k = rows, .transpose_a = true,
                 .accumulate = true});
    }
    if (dx) {  // dcols (rows, K) = dz_rows W^T, then dx += col2im(dcols)
      exec.gemm({.a = dz_rows, .b = w, .c = cols, .m = rows, .n = d.k, .k = d.f, .transpose_b = true});
      exec.launch(samples * d.c * d.hw, Col2imBody{cols, dx + n0 * d.c * d.hw, d});
    }
  }
}

}  // namespace tunet::cuda
