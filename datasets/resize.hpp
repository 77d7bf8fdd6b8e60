#pragma once
// Resizing stacks of single-channel images (M, H, W) -> (M, h, w).
//
// Both methods are separable: each output pixel is a weighted sum over source
// rows times a weighted sum over source columns,
//   out(i, j) = sum_r sum_c  row_w(i, r) * col_w(j, c) * in(r, c),
// so one resampler serves both and only the per-axis weights differ.
//
// Area (downscaling, e.g. Fashion-MNIST 28x28 -> 8x8 as in examples/fashion8x8_random.json): output
// pixel i covers the source interval [i*s, (i+1)*s) with s = H/h; each source
// pixel is weighted by the length of its overlap with that interval, divided
// by s. With an integer factor this is the plain block average; 28 -> 8
// (s = 3.5) splits the boundary pixels in halves. When upscaling it repeats
// pixels (nearest neighbour).
//
// Bilinear (half-pixel centres, like OpenCV's INTER_LINEAR and PyTorch's
// interpolate(mode="bilinear", align_corners=False), no anti-aliasing): the
// source coordinate of output pixel i is y = (i + 0.5) * H/h - 0.5, clamped to
// [0, H-1]; it blends rows floor(y) and floor(y)+1 by the fractional part.
#include <cstdint>

#include "core/tensor.hpp"

namespace tunet::datasets {

enum class ResizeMethod { Area, Bilinear };
const char* resize_method_name(ResizeMethod method);

// (M, H, W) -> (M, height, width).
Tensor resize_images(const Tensor& images, int64_t height, int64_t width, ResizeMethod method);

}  // namespace tunet::datasets
