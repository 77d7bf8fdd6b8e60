// The CPU layout table: axis swaps (transpose) and strided row copies (concat,
// slice and their gradients).
#include <cstring>

#include "core/op_kernels.hpp"
#include "core/parallel.hpp"

namespace tunet {

namespace {

// in (outer, n0, middle, n1, inner) -> out (outer, n1, middle, n0, inner), or out += it.
void swap_axes_copy(const Tensor& in, const SwapAxes& s, Tensor& out, bool accumulate) {
  const float* x = in.data_ptr();
  float* y = out.data_ptr();
  const int64_t blocks = s.outer * s.n0;  // (o, i) pairs: each writes its own elements of out
  TUNET_OMP_FOR_IF(blocks * s.middle * s.n1 * s.inner >= kParallelMinElements && blocks > 1)
  for (int64_t block = 0; block < blocks; ++block) {
    const int64_t o = block / s.n0, i = block % s.n0;
    for (int64_t m = 0; m < s.middle; ++m)
      for (int64_t j = 0; j < s.n1; ++j) {
        const float* src = x + (((o * s.n0 + i) * s.middle + m) * s.n1 + j) * s.inner;
        float* dst = y + (((o * s.n1 + j) * s.middle + m) * s.n0 + i) * s.inner;
        if (accumulate)
          for (int64_t k = 0; k < s.inner; ++k) dst[k] += src[k];
        else
          for (int64_t k = 0; k < s.inner; ++k) dst[k] = src[k];
      }
  }
}

// dst[dst_offset + r dst_stride + j] (+)= src[src_offset + r src_stride + j], r < rows, j < width
void copy_strided_rows(const Tensor& src, int64_t src_offset, int64_t src_stride, Tensor& dst, int64_t dst_offset,
               int64_t dst_stride, int64_t rows, int64_t width, bool accumulate) {
  const float* from = src.data_ptr() + src_offset;
  float* to = dst.data_ptr() + dst_offset;
  for (int64_t r = 0; r < rows; ++r) {
    const float* s = from + r * src_stride;
    float* d = to + r * dst_stride;
    if (accumulate)
      for (int64_t k = 0; k < width; ++k) d[k] += s[k];
    else
      std::memcpy(d, s, sizeof(float) * width);
  }
}

}  // namespace

const ShapeKernels& ShapeKernels::cpu() {
  static const ShapeKernels table = {.swap_axes = swap_axes_copy, .copy_rows = copy_strided_rows};
  return table;
}

}  // namespace tunet
