// The transforms of Dataset (declared in dataset.hpp): scaling, reshaping, resizing.
#include <cmath>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "datasets/dataset.hpp"

namespace tunet::datasets {
namespace {

// The side of a square image of d pixels, or 0 when d is not a perfect square.
int64_t square_side(int64_t d) {
  const auto side = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(d))));
  return side * side == d ? side : 0;
}

}  // namespace

Dataset Dataset::scale(float factor, float offset) const {
  Dataset out = *this;
  out.x = Tensor::empty(x.shape());
  const float* src = x.data();
  float* dst = out.x.data();
  const int64_t n = x.numel();
  TUNET_OMP_FOR_IF(n >= kParallelMinElements)
  for (int64_t i = 0; i < n; ++i) dst[i] = src[i] * factor + offset;
  return out;
}

Dataset Dataset::flatten() const {
  Dataset out = *this;
  out.x = x.reshape({x.dim(0), shape_numel(sample_shape())});
  return out;
}

Dataset Dataset::reshape_nchw() const {
  const Shape sample = sample_shape();
  if (sample.size() == 3) return *this;
  if (sample.size() == 2) return reshape_nchw(1, sample[0], sample[1]);
  if (sample.size() == 1 && square_side(sample[0]) > 0) {
    return reshape_nchw(1, square_side(sample[0]), square_side(sample[0]));
  }
  throw Error("reshape_nchw: cannot tell the image size of samples of shape " + shape_str(sample) +
              "; call reshape_nchw(channels, height, width)");
}

Dataset Dataset::reshape_nchw(int64_t channels, int64_t height, int64_t width) const {
  const int64_t d = shape_numel(sample_shape());
  check(channels * height * width == d, "reshape_nchw: samples of shape " + shape_str(sample_shape()) + " (" +
                                            std::to_string(d) + " values) cannot be (" + std::to_string(channels) +
                                            ", " + std::to_string(height) + ", " + std::to_string(width) + ")");
  Dataset out = *this;
  out.x = x.reshape({x.dim(0), channels, height, width});
  return out;
}

Dataset Dataset::resize(int64_t height, int64_t width, ResizeMethod method) const {
  const Shape sample = sample_shape();
  const int64_t n = x.dim(0);
  Shape images;  // (M, H, W): every channel of every sample is one image
  Shape result;
  if (sample.size() == 2) {
    images = {n, sample[0], sample[1]};
    result = {n, height, width};
  } else if (sample.size() == 3) {
    images = {n * sample[0], sample[1], sample[2]};
    result = {n, sample[0], height, width};
  } else if (sample.size() == 1 && square_side(sample[0]) > 0) {
    images = {n, square_side(sample[0]), square_side(sample[0])};
    result = {n, height * width};
  } else {
    throw Error("resize: expected images (N,H,W), (N,C,H,W) or flat square (N,D), got x of shape " +
                shape_str(x.shape()));
  }
  Dataset out = *this;
  out.x = resize_images(x.reshape(images), height, width, method).reshape(result);
  return out;
}

}  // namespace tunet::datasets
