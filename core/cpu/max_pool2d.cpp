// MaxPoolKernels::cpu(): max pooling over N*C planes. The usual 2x2 / stride 2
// pooling takes a branch-free path; other windows the generic loop. The
// argmax buffer holds int32 in-plane indices in a float-sized tensor.
#include <algorithm>
#include <cstdint>

#include "core/cpu/lane_block.hpp"
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

// kLanes outputs of a window row (2x2 pooling) from the input rows top and
// bottom (2 kLanes floats each): y[k], a[k] for k < kLanes. The first of equal
// maxima wins, as in the generic loop: the larger of each window row (left on
// ties), then of the two rows (top on ties). Comparisons become 0/1 integers and
// std::max a max instruction, and the fixed trip count lets the compiler turn the
// loop into vector permutes and compares (lanes past the row are computed and
// never kept). index0 = the in-plane index of top[0].
template <bool WithArgmax>
void pool_2x2_lanes(const float* __restrict top, const float* __restrict bottom, int32_t index0,
                    int32_t in_w, float* __restrict y, int32_t* __restrict a) {
  for (int k = 0; k < int(cpu::kLanes); ++k) {
    const float p = top[2 * k], q = top[2 * k + 1], r = bottom[2 * k], s = bottom[2 * k + 1];
    const float top_max = std::max(p, q), bottom_max = std::max(r, s);
    y[k] = std::max(top_max, bottom_max);
    if constexpr (WithArgmax) {
      const int32_t top_right = q > p, bottom_right = s > r, lower = bottom_max > top_max;
      a[k] = index0 + lower * in_w + 2 * k + top_right + lower * (bottom_right - top_right);
    }
  }
}

// Plane pl of is_full_2x2 pooling, kLanes outputs of a row at a time. A block
// may read past its row (into the next row, whose values it ignores) while that
// stays inside x; it is written straight to y while it stays inside its plane
// (the next row's outputs it covers are written again after it), else through
// a local block.
template <bool WithArgmax>
void max_pool_2x2_plane(const float* x, int64_t x_size, const Window2D& g, int64_t pl, float* y,
                        int32_t* argmax) {
  constexpr int64_t lanes = cpu::kLanes;
  const int64_t in_w = g.in_w, in_size = g.in_h * g.in_w, out_size = g.out_h * g.out_w;
  alignas(64) float rows_copy[4 * lanes], y_block[lanes];
  alignas(64) int32_t a_block[lanes];
  for (int64_t oh = 0; oh < g.out_h; ++oh)
    for (int64_t ow0 = 0; ow0 < g.out_w; ow0 += lanes) {
      const int64_t in_index = 2 * oh * in_w + 2 * ow0, out_index = oh * g.out_w + ow0;
      const float* top = x + pl * in_size + in_index;
      const float* bottom = top + in_w;
      if (pl * in_size + in_index + in_w + 2 * lanes > x_size) {  // the tensor's last floats
        const int64_t count = std::min(2 * lanes, in_w - 2 * ow0);
        std::fill(rows_copy, rows_copy + 4 * lanes, 0.0f);
        std::copy_n(top, count, rows_copy);
        std::copy_n(bottom, count, rows_copy + 2 * lanes);
        top = rows_copy;
        bottom = rows_copy + 2 * lanes;
      }
      float* y_out = y + pl * out_size + out_index;
      int32_t* a_out = WithArgmax ? argmax + pl * out_size + out_index : nullptr;
      if (out_index + lanes <= out_size) {
        pool_2x2_lanes<WithArgmax>(top, bottom, int32_t(in_index), int32_t(in_w), y_out, a_out);
        continue;
      }
      pool_2x2_lanes<WithArgmax>(top, bottom, int32_t(in_index), int32_t(in_w), y_block, a_block);
      const int64_t count = std::min(lanes, g.out_w - ow0);
      std::copy_n(y_block, count, y_out);
      if constexpr (WithArgmax) std::copy_n(a_block, count, a_out);
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
  if (is_full_2x2(g)) {
    TUNET_OMP_FOR_IF(planes * in_size >= kParallelMinElements)
    for (int64_t pl = 0; pl < planes; ++pl)
      if (argmax)
        max_pool_2x2_plane<true>(x, planes * in_size, g, pl, y, argmax);
      else
        max_pool_2x2_plane<false>(x, planes * in_size, g, pl, y, nullptr);
    return;
  }
  TUNET_OMP_FOR_IF(planes * out_size * g.kernel_h * g.kernel_w >= kParallelMinElements)
  for (int64_t pl = 0; pl < planes; ++pl) {
    const float* xp = x + pl * in_size;
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

// dx[plane, argmax[plane, o]] += dy[plane, o]; with overwrite, each plane of dx
// is zeroed first, while it is in cache (no separate pass over all of dx).
void max_pool2d_bwd(const Tensor& grad_output, const Tensor& indices, const Window2D& g,
                    int64_t planes, bool overwrite, Tensor& grad_input) {
  const float* dy = grad_output.data_ptr();
  const int32_t* argmax = reinterpret_cast<const int32_t*>(indices.data_ptr());
  float* dx = grad_input.data_ptr();
  const int64_t in_size = g.in_h * g.in_w, out_size = g.out_h * g.out_w;
  // Windows that do not overlap (2x2, stride 2) send each input at most one
  // gradient: a fresh plane is written, never read back.
  const bool store = overwrite && is_full_2x2(g);
  TUNET_OMP_FOR_IF(planes * out_size >= kParallelMinElements)
  for (int64_t pl = 0; pl < planes; ++pl) {
    float* dx_plane = dx + pl * in_size;
    const int32_t* a = argmax + pl * out_size;
    const float* dy_plane = dy + pl * out_size;
    if (overwrite) std::fill(dx_plane, dx_plane + in_size, 0.0f);
    if (store)
      for (int64_t o = 0; o < out_size; ++o) dx_plane[a[o]] = dy_plane[o];
    else
      for (int64_t o = 0; o < out_size; ++o) dx_plane[a[o]] += dy_plane[o];
  }
}

}  // namespace

const MaxPoolKernels& MaxPoolKernels::cpu() {
  static const MaxPoolKernels table{.forward = max_pool2d_fwd, .backward = max_pool2d_bwd};
  return table;
}

}  // namespace tunet
