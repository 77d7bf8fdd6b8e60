#pragma once
// Per-thread bodies of the CUDA max pooling over planes of in_h x in_w values
// (N*C planes, OH x OW outputs each; Window2D in core/window.hpp). The argmax
// is an int32 in-plane index kept in a float-sized buffer, as on the CPU.
#include <cstdint>

#include "core/kernels/hd.hpp"
#include "core/window.hpp"

namespace tunet::cuda {

// Output o = plane * OH*OW + oh * OW + ow: the max of its window (clipped to
// the plane) and where it was, the first of equal maxima in row-major order
// (a later value must be larger to win), as the CPU loop. argmax may be null.
struct MaxPoolForwardBody {
  const float* x;
  float* y;
  int32_t* argmax;
  Window2D g;
  TUNET_HD void operator()(int64_t o) const {
    const int64_t out_size = g.out_h * g.out_w;
    const int64_t plane = o / out_size, oh = (o % out_size) / g.out_w, ow = o % g.out_w;
    const float* xp = x + plane * g.in_h * g.in_w;
    const int64_t top = oh * g.stride_h - g.pad_top, left = ow * g.stride_w - g.pad_left;
    const int64_t h0 = top > 0 ? top : 0, w0 = left > 0 ? left : 0;
    const int64_t h1 = top + g.kernel_h < g.in_h ? top + g.kernel_h : g.in_h;
    const int64_t w1 = left + g.kernel_w < g.in_w ? left + g.kernel_w : g.in_w;
    int64_t best = h0 * g.in_w + w0;
    float best_value = xp[best];
    for (int64_t h = h0; h < h1; ++h)
      for (int64_t w = w0; w < w1; ++w) {
        const float v = xp[h * g.in_w + w];
        if (v > best_value) {
          best_value = v;
          best = h * g.in_w + w;
        }
      }
    y[o] = best_value;
    if (argmax) argmax[o] = static_cast<int32_t>(best);
  }
};

// Input element i = plane * H*W + ih * W + iw: dx += dy of every window that
// covers it and took its max there (dx = that sum with overwrite). One thread per input element gathers (no
// atomics, no races), windows in row-major order: the CPU's order of sums.
struct MaxPoolBackwardBody {
  const float* dy;
  const int32_t* argmax;
  float* dx;
  Window2D g;
  bool overwrite = false;  // dx = the sum (its old value unread), not dx += the sum
  TUNET_HD void operator()(int64_t i) const {
    const int64_t in_size = g.in_h * g.in_w, out_size = g.out_h * g.out_w;
    const int64_t plane = i / in_size, at = i % in_size;
    const int64_t ih = at / g.in_w, iw = at % g.in_w;
    // windows oh with oh * stride - pad <= ih < oh * stride - pad + kernel
    const int64_t oh0 = first_window(ih + g.pad_top, g.kernel_h, g.stride_h);
    const int64_t oh1 = last_window(ih + g.pad_top, g.stride_h, g.out_h);
    const int64_t ow0 = first_window(iw + g.pad_left, g.kernel_w, g.stride_w);
    const int64_t ow1 = last_window(iw + g.pad_left, g.stride_w, g.out_w);
    const int64_t base = plane * out_size;
    float total = overwrite ? 0.0f : dx[i];
    for (int64_t oh = oh0; oh <= oh1; ++oh)
      for (int64_t ow = ow0; ow <= ow1; ++ow) {
        const int64_t o = base + oh * g.out_w + ow;
        if (argmax[o] == at) total += dy[o];
      }
    dx[i] = total;
  }

  // The first window (smallest o >= 0) with o * stride + kernel > padded, padded = index + pad.
  TUNET_HD static int64_t first_window(int64_t padded, int64_t kernel, int64_t stride) {
    const int64_t need = padded - kernel + 1;  // o * stride >= need
    return need <= 0 ? 0 : (need + stride - 1) / stride;
  }
  // The last window (largest o < outputs) with o * stride <= padded.
  TUNET_HD static int64_t last_window(int64_t padded, int64_t stride, int64_t outputs) {
    const int64_t o = padded / stride;
    return o < outputs - 1 ? o : outputs - 1;
  }
};

}  // namespace tunet::cuda
