#include "datasets/resize.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "core/parallel.hpp"

namespace tunet::datasets {
namespace {

// The weights of one axis: output index o reads source indices
// index[begin[o] .. begin[o+1]) with the matching weights (CSR layout).
struct AxisTaps {
  std::vector<int64_t> begin;
  std::vector<int64_t> index;
  std::vector<float> weight;
};

AxisTaps area_taps(int64_t source, int64_t target) {
  AxisTaps taps;
  const double span = static_cast<double>(source) / static_cast<double>(target);
  taps.begin.push_back(0);
  for (int64_t o = 0; o < target; ++o) {
    const double lo = o * span, hi = (o + 1) * span;
    const int64_t first = static_cast<int64_t>(std::floor(lo));
    const int64_t last = std::min<int64_t>(source - 1, static_cast<int64_t>(std::ceil(hi)) - 1);
    for (int64_t s = first; s <= last; ++s) {
      // overlap of source pixel [s, s+1) with [lo, hi), as a share of the span
      const double overlap = std::min<double>(s + 1, hi) - std::max<double>(s, lo);
      if (overlap <= 0) continue;
      taps.index.push_back(s);
      taps.weight.push_back(static_cast<float>(overlap / span));
    }
    taps.begin.push_back(static_cast<int64_t>(taps.index.size()));
  }
  return taps;
}

AxisTaps bilinear_taps(int64_t source, int64_t target) {
  AxisTaps taps;
  const double step = static_cast<double>(source) / static_cast<double>(target);
  taps.begin.push_back(0);
  for (int64_t o = 0; o < target; ++o) {
    // half-pixel centres: y = (o + 0.5) * H/h - 0.5, clamped to [0, H-1]
    const double y = std::clamp((o + 0.5) * step - 0.5, 0.0, static_cast<double>(source - 1));
    const int64_t y0 = static_cast<int64_t>(std::floor(y));
    const int64_t y1 = std::min(y0 + 1, source - 1);
    const double fraction = y - static_cast<double>(y0);
    taps.index.push_back(y0);
    taps.weight.push_back(static_cast<float>(1.0 - fraction));
    taps.index.push_back(y1);
    taps.weight.push_back(static_cast<float>(fraction));
    taps.begin.push_back(static_cast<int64_t>(taps.index.size()));
  }
  return taps;
}

AxisTaps taps_for(ResizeMethod method, int64_t source, int64_t target) {
  return method == ResizeMethod::Area ? area_taps(source, target) : bilinear_taps(source, target);
}

}  // namespace

const char* resize_method_name(ResizeMethod method) {
  return method == ResizeMethod::Area ? "area" : "bilinear";
}

Tensor resize_images(const Tensor& images, int64_t height, int64_t width, ResizeMethod method) {
  check(images.rank() == 3, "resize_images: expected images of shape (M, H, W), got " +
                                shape_str(images.shape()));
  check(height > 0 && width > 0, "resize_images: target size must be positive, got " +
                                     std::to_string(height) + "x" + std::to_string(width));
  const int64_t m = images.dim(0), src_h = images.dim(1), src_w = images.dim(2);
  check(src_h > 0 && src_w > 0, "resize_images: empty source images " + shape_str(images.shape()));
  const AxisTaps rows = taps_for(method, src_h, height);
  const AxisTaps cols = taps_for(method, src_w, width);

  // Pass 1, rows: between(M, h, W) = sum_r row_w(i, r) * in(M, r, W)
  std::vector<float> between(static_cast<size_t>(m * height * src_w));
  const float* in = images.data();
  TUNET_OMP_FOR_IF(m * src_h * src_w >= kParallelMinElements)
  for (int64_t k = 0; k < m; ++k) {
    const float* image = in + k * src_h * src_w;
    for (int64_t i = 0; i < height; ++i) {
      float* row_out = between.data() + (k * height + i) * src_w;
      std::fill(row_out, row_out + src_w, 0.0f);
      for (int64_t t = rows.begin[i]; t < rows.begin[i + 1]; ++t) {
        const float w = rows.weight[t];
        const float* row_in = image + rows.index[t] * src_w;
        for (int64_t c = 0; c < src_w; ++c) row_out[c] += w * row_in[c];
      }
    }
  }

  // Pass 2, columns: out(M, h, j) = sum_c col_w(j, c) * between(M, h, c)
  Tensor out = Tensor::empty({m, height, width});
  float* dst = out.data();
  TUNET_OMP_FOR_IF(m * height * src_w >= kParallelMinElements)
  for (int64_t r = 0; r < m * height; ++r) {
    const float* row_in = between.data() + r * src_w;
    float* row_out = dst + r * width;
    for (int64_t j = 0; j < width; ++j) {
      float acc = 0.0f;
      for (int64_t t = cols.begin[j]; t < cols.begin[j + 1]; ++t) acc += cols.weight[t] * row_in[cols.index[t]];
      row_out[j] = acc;
    }
  }
  return out;
}

}  // namespace tunet::datasets
