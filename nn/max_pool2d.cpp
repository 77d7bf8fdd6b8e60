#include "nn/max_pool2d.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include "core/autograd.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "nn/input_check.hpp"
#include "core/window.hpp"

namespace tunet::nn {
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
void max_pool2d_fwd(const float* x, float* y, int32_t* argmax, int64_t planes, const Window2D& g) {
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
void max_pool2d_bwd(const float* dy, const int32_t* argmax, float* dx, int64_t planes,
                    const Window2D& g) {
  const int64_t in_size = g.in_h * g.in_w, out_size = g.out_h * g.out_w;
  TUNET_OMP_FOR_IF(planes * out_size >= kParallelMinElements)
  for (int64_t pl = 0; pl < planes; ++pl)
    for (int64_t o = 0; o < out_size; ++o)
      dx[pl * in_size + argmax[pl * out_size + o]] += dy[pl * out_size + o];
}

}  // namespace

Tensor max_pool2d(const Tensor& x, int64_t pool_size, int64_t strides, const std::string& padding) {
  check(x.defined() && x.rank() == 4, "max_pool2d: expected x (N, C, H, W), got " +
                                          (x.defined() ? shape_str(x.shape()) : "undefined"));
  const Window2D g =
      make_window("MaxPool2D", x.dim(2), x.dim(3), pool_size, pool_size, strides, strides, padding);
  const int64_t planes = x.dim(0) * x.dim(1);
  Tensor y = Tensor::empty({x.dim(0), x.dim(1), g.out_h, g.out_w}, x.device());
  if (!any_requires_grad({&x})) {
    max_pool2d_fwd(x.data(), y.data(), nullptr, planes, g);
    return y;
  }
  auto argmax = std::make_shared<std::vector<int32_t>>(y.numel());
  max_pool2d_fwd(x.data(), y.data(), argmax->data(), planes, g);
  record(y, "max_pool2d", {x}, [x, argmax, planes, g](const Tensor&, const Tensor& grad_out) {
    if (float* dx = grad_buffer(x)) max_pool2d_bwd(grad_out.data(), argmax->data(), dx, planes, g);
  });
  return y;
}

MaxPool2D::MaxPool2D(int64_t pool_size, int64_t strides, const std::string& padding)
    : pool_size_(pool_size), strides_(strides <= 0 ? pool_size : strides), padding_(padding) {
  check(pool_size > 0, "MaxPool2D: pool_size must be positive, got " + std::to_string(pool_size));
  check_padding("MaxPool2D", padding);
}

Shape MaxPool2D::build(const Shape& input_shape) {
  check(input_shape.size() == 3,
        "MaxPool2D: needs samples of shape (C, H, W), got " + shape_str(input_shape));
  const Window2D g = make_window("MaxPool2D", input_shape[1], input_shape[2], pool_size_,
                                 pool_size_, strides_, strides_, padding_);
  input_shape_ = input_shape;
  output_shape_ = {input_shape[0], g.out_h, g.out_w};
  return output_shape_;
}

Tensor MaxPool2D::forward(const Tensor& x, const ForwardContext&) {
  check_batch_input(*this, x);
  return max_pool2d(x, pool_size_, strides_, padding_);
}

LayerConfig MaxPool2D::config() const {
  return {{"pool_size", std::to_string(pool_size_)},
          {"strides", std::to_string(strides_)},
          {"padding", padding_}};
}

std::unique_ptr<Layer> MaxPool2D::clone() const { return std::make_unique<MaxPool2D>(*this); }

}  // namespace tunet::nn
