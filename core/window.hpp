#pragma once
// Window2D: where a sliding kh x kw window with strides (sh, sw) lands on an
// h x w plane, with Keras/TensorFlow padding rules; ConvDims: a convolution's
// sizes. Shared by the conv2d and max_pool2d ops and their kernels.
//   "valid": no padding, out = floor((in - k) / s) + 1 (needs in >= k)
//   "same":  out = ceil(in / s); pad_total = max((out - 1) s + k - in, 0),
//            pad_top = floor(pad_total / 2), the extra row/column at the bottom/right
#include <cstdint>
#include <string>

namespace tunet {

struct Window2D {
  int64_t in_h = 0, in_w = 0;
  int64_t kernel_h = 0, kernel_w = 0;
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_top = 0, pad_left = 0;
  int64_t out_h = 0, out_w = 0;
};

// Throws Error (naming `layer`) for a bad padding name, a non-positive size or
// stride, or a "valid" window larger than the plane.
Window2D make_window(const char* layer, int64_t in_h, int64_t in_w, int64_t kernel_h,
                     int64_t kernel_w, int64_t stride_h, int64_t stride_w,
                     const std::string& padding);

// A convolution: N samples of C channels on an H x W plane, F filters,
// P = OH*OW output positions, K = KH*KW*C values under each window.
struct ConvDims {
  Window2D win;
  int64_t n = 0, c = 0, f = 0;  // batch, input channels, filters
  int64_t hw = 0;               // H*W
  int64_t p = 0;                // OH*OW
  int64_t k = 0;                // KH*KW*C
};

// Throws Error unless padding is "valid" or "same".
void check_padding(const char* layer, const std::string& padding);

}  // namespace tunet
