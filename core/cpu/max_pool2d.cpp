// MaxPoolKernels::cpu(): max pooling over N*C planes. The usual 2x2 / stride 2
// pooling takes a branch-free path; other windows the generic loop. The
// argmax buffer holds int32 in-plane indices in a float-sized tensor.
#include <algorithm>
#include <cstdint>

#include "core/op_kernels.hpp"
#include "core/parallel.hpp"

namespace tunet {
namespace {

// Dimensions: N*C planes of H x W in, OH x OW out.

// True for 2x2 windows with stride 2 that all lie inside the plane (the usual
// pooling): those take the straight-line path below.
bool is_full_2x2(const Window2D& g) {
  return g.kernel_h == 2 && g.kernel_w == 2 && g.stride_h == 2 && g.stride_w == 2 &&
         g.pad_top == 0 && g.pad_left == 0 && 2 * g.out_h <= g.in_h && 2 * g.out_w <= g.in_w;
}

// One plane of is_full_2x2 pooling. The first of equal maxima wins, as in the
// generic loop: the larger of each window row (left on ties), then of the two
// rows (top on ties). Comparisons become 0/1 integers and std::max a max
// instruction: on real data every comparison is a coin flip, and branches on
// them cost more than the pooling itself.
void max_pool_2x2_plane(const float* xp, float* yp, int32_t* ap, const Window2D& g) {
  const int64_t in_w = g.in_w;
  for (int64_t oh = 0; oh < g.out_h; ++oh) {
    const float* top = xp + 2 * oh * in_w;
    const float* bottom = top + in_w;
    float* y_row = yp + oh * g.out_w;
    for (int64_t ow = 0; ow < g.out_w; ++ow) {
      const float a = top[2 * ow], b = top[2 * ow + 1], c = bottom[2 * ow], d = bottom[2 * ow + 1];
      const float top_max = std::max(a, b), bottom_max = std::max(c, d);
      y_row[ow] = std::max(top_max, bottom_max);
      if (!ap) continue;
      const int32_t top_right = b > a, bottom_right = d > c, lower = bottom_max > top_max;
      const int32_t column = top_right + lower * (bottom_right - top_right);
      ap[oh * g.out_w + ow] = int32_t((2 * oh + lower) * in_w + 2 * ow + column);
    }
  }
}

// y[plane, o] = max over window o of x[plane]; argmax[plane, o] = the in-plane index of
// that max (argmax may be null: inference keeps no indices).
void max_pool2d_fwd(const Tensor& input, const Window2D& g, int64_t planes, Tensor& output,
                    Tensor& indices) {
  const float* x = input.data_ptr();
  float* y = output.data_ptr();
  int32_t* argmax = indices.defined() ? reinterpret_cast<int32_t*>(indices.data_ptr()) : nullptr;
  const int64_t in_size = g.in_h * g.in_w, out_size = g.out_h * g.out_w;
  const bool full_2x2 = is_full_2x2(g);
  TUNET_OMP_FOR_IF(planes * out_size * g.kernel_h * g.kernel_w >= kParallelMinElements)
  for (int64_t pl = 0; pl < planes; ++pl) {
    const float* xp = x + pl * in_size;
    if (full_2x2) {
      max_pool_2x2_plane(xp, y + pl * out_size, argmax ? argmax + pl * out_size : nullptr, g);
      continue;
    }
    for (int64_t oh = 0; oh < g.out_h; ++oh) {
      const int64_t h0 = std::max<int64_t>(oh * g.stride_h - g.pad_top, 0);
      const int64_t h1 = std::min<int64_t>(oh * g.stride_h - g.pad_top + g.kernel_h, g.in_h);
      for (int64_t ow = 0; ow < g.out_w; ++ow) {
        const int64_t w0 = std::max<int64_t>(ow * g.stride_w - g.pad_left, 0);
        const int64_t w1 = std::min<int64_t>(ow * g.stride_w - g.pad_left + g.kernel_w, g.in_w);
        int64_t best = h0 * g.in_w + w0;
        float best_value = xp[best];
        for (int64_t h = h0; h < h1; ++h)
          for (int64_t w = w0; w < w1; ++w) {
            // selects, not branches: on real data the comparison is a coin flip
            const float v = xp[h * g.in_w + w];
            const bool larger = v > best_value;
            best = larger ? h * g.in_w + w : best;
            best_value = larger ? v : best_value;
          }
        const int64_t o = pl * out_size + oh * g.out_w + ow;
        y[o] = best_value;
        if (argmax) argmax[o] = int32_t(best);
      }
    }
  }
}

// dx[plane, argmax[plane, o]] += dy[plane, o]
void max_pool2d_bwd(const Tensor& grad_output, const Tensor& indices, const Window2D& g,
                    int64_t planes, Tensor& grad_input) {
  const float* dy = grad_output.data_ptr();
  const int32_t* argmax = reinterpret_cast<const int32_t*>(indices.data_ptr());
  float* dx = grad_input.data_ptr();
  const int64_t in_size = g.in_h * g.in_w, out_size = g.out_h * g.out_w;
  TUNET_OMP_FOR_IF(planes * out_size >= kParallelMinElements)
  for (int64_t pl = 0; pl < planes; ++pl)
    for (int64_t o = 0; o < out_size; ++o)
      dx[pl * in_size + argmax[pl * out_size + o]] += dy[pl * out_size + o];
}

}  // namespace

const MaxPoolKernels& MaxPoolKernels::cpu() {
  static const MaxPoolKernels table{.forward = max_pool2d_fwd, .backward = max_pool2d_bwd};
  return table;
}

}  // namespace tunet
