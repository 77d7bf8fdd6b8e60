#include "core/cpu/im2col.hpp"

#include <algorithm>

#include "core/parallel.hpp"

namespace tunet::cpu {
namespace {

// ---- planes order ----

// The outputs [lo, hi) along one axis whose input o*stride - pad + j lies in [0, extent).
struct ValidRange {
  int64_t lo, hi;
};
ValidRange valid_outputs(int64_t j, int64_t pad, int64_t stride, int64_t extent, int64_t outputs) {
  const int64_t first = pad - j;  // o*stride >= pad - j
  const int64_t lo = first <= 0 ? 0 : (first + stride - 1) / stride;
  const int64_t hi = (extent + pad - j + stride - 1) / stride;  // o*stride - pad + j < extent
  return {std::min(lo, outputs), std::clamp<int64_t>(hi, 0, outputs)};
}

// For every k and output row oh: visit(k, input_offset, out, lo, hi) for the
// in-plane run (output column ow reads input input_offset + ow*stride_w), and
// outside(k, out, count) for the runs in the padding. out = oh*OW.
template <class Visit, class Outside>
void for_each_plane_run(const ConvDims& d, Visit visit, Outside outside) {
  const Window2D& g = d.win;
  for (int64_t i = 0; i < g.kernel_h; ++i)
    for (int64_t j = 0; j < g.kernel_w; ++j) {
      const ValidRange cols = valid_outputs(j, g.pad_left, g.stride_w, g.in_w, g.out_w);
      for (int64_t c = 0; c < d.c; ++c) {
        const int64_t k = (i * g.kernel_w + j) * d.c + c;
        for (int64_t oh = 0; oh < g.out_h; ++oh) {
          const int64_t ih = oh * g.stride_h - g.pad_top + i;
          const int64_t out = oh * g.out_w;
          if (ih < 0 || ih >= g.in_h) {
            outside(k, out, g.out_w);
            continue;
          }
          outside(k, out, cols.lo);
          visit(k, c * d.hw + ih * g.in_w + j - g.pad_left, out, cols.lo, cols.hi);
          outside(k, out + cols.hi, g.out_w - cols.hi);
        }
      }
    }
}

// ---- rows order ----

// For every output position and window row: copy(segment, input_offset, count)
// for the in-plane part (count = valid kw * C floats at x_hwc + input_offset)
// and pad(segment, count) for the parts outside the plane.
template <class T, class Copy, class Pad>
void for_each_row_run(const ConvDims& d, T* col, Copy copy, Pad pad) {
  const Window2D& g = d.win;
  const int64_t c = d.c, kw_c = g.kernel_w * c;
  for (int64_t oh = 0; oh < g.out_h; ++oh)
    for (int64_t ow = 0; ow < g.out_w; ++ow) {
      T* row = col + (oh * g.out_w + ow) * d.k;
      const int64_t ih0 = oh * g.stride_h - g.pad_top;
      const int64_t iw0 = ow * g.stride_w - g.pad_left;
      const int64_t j_lo = std::max<int64_t>(0, -iw0);
      const int64_t j_hi = std::min<int64_t>(g.kernel_w, g.in_w - iw0);
      for (int64_t i = 0; i < g.kernel_h; ++i) {
        T* seg = row + i * kw_c;
        const int64_t ih = ih0 + i;
        if (ih < 0 || ih >= g.in_h || j_lo >= j_hi) {
          pad(seg, kw_c);
          continue;
        }
        pad(seg, j_lo * c);
        copy(seg + j_lo * c, (ih * g.in_w + iw0 + j_lo) * c, (j_hi - j_lo) * c);
        pad(seg + j_hi * c, (g.kernel_w - j_hi) * c);
      }
    }
}

}  // namespace

void im2col_planes(const float* x_s, const ConvDims& d, float* col, int64_t ld, int64_t column0) {
  const int64_t sw = d.win.stride_w;
  for_each_plane_run(
      d,
      [&](int64_t k, int64_t input, int64_t out, int64_t lo, int64_t hi) {
        float* dst = col + k * ld + column0 + out;
        const float* src = x_s + input;
        if (sw == 1)  // contiguous: a vectorised copy
          for (int64_t ow = lo; ow < hi; ++ow) dst[ow] = src[ow];
        else
          for (int64_t ow = lo; ow < hi; ++ow) dst[ow] = src[ow * sw];
      },
      [&](int64_t k, int64_t out, int64_t count) {
        float* dst = col + k * ld + column0 + out;
        for (int64_t i = 0; i < count; ++i) dst[i] = 0.0f;
      });
}

void col2im_planes_add(const float* dcol, const ConvDims& d, int64_t ld, int64_t column0,
                       float* dx_s) {
  const int64_t sw = d.win.stride_w;
  for_each_plane_run(
      d,
      [&](int64_t k, int64_t input, int64_t out, int64_t lo, int64_t hi) {
        const float* src = dcol + k * ld + column0 + out;
        float* dst = dx_s + input;
        if (sw == 1)
          for (int64_t ow = lo; ow < hi; ++ow) dst[ow] += src[ow];
        else
          for (int64_t ow = lo; ow < hi; ++ow) dst[ow * sw] += src[ow];
      },
      [](int64_t, int64_t, int64_t) {});
}

void chw_to_hwc(const float* src, float* dst, int64_t c, int64_t hw) {
  for (int64_t ch = 0; ch < c; ++ch)
    for (int64_t i = 0; i < hw; ++i) dst[i * c + ch] = src[ch * hw + i];
}

void hwc_add_to_chw(const float* src, float* dst, int64_t c, int64_t hw) {
  for (int64_t ch = 0; ch < c; ++ch)
    for (int64_t i = 0; i < hw; ++i) dst[ch * hw + i] += src[i * c + ch];
}

void im2col_rows(const float* x_hwc, const ConvDims& d, float* col) {
  for_each_row_run(
      d, col,
      [x_hwc](float* seg, int64_t offset, int64_t count) {
        const float* src = x_hwc + offset;
        for (int64_t i = 0; i < count; ++i) seg[i] = src[i];
      },
      [](float* seg, int64_t count) {
        for (int64_t i = 0; i < count; ++i) seg[i] = 0.0f;
      });
}

void col2im_rows_add(const float* dcol, const ConvDims& d, float* dx_hwc) {
  for_each_row_run(
      d, dcol,
      [dx_hwc](const float* seg, int64_t offset, int64_t count) {
        float* dst = dx_hwc + offset;
        for (int64_t i = 0; i < count; ++i) dst[i] += seg[i];
      },
      [](const float*, int64_t) {});
}

int pass_threads(const ConvDims& d) {
  return d.n * d.p * d.k * d.f >= kParallelMinMacs ? num_threads() : 1;
}

}  // namespace tunet::cpu
