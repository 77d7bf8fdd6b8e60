#pragma once
// Per-thread bodies of the CUDA shape table (see launch.hpp) and their passes
// (executors: elementwise_bodies.hpp): one thread per output element, so every
// thread writes its own address (accumulating copies included).
#include <cstdint>

#include "core/kernels/hd.hpp"
#include "core/op_kernels.hpp"

namespace tunet::cuda {

// out (o, j1, m, j0, q) (+)= in (o, j0, m, j1, q), extents from SwapAxes.
struct SwapAxesBody {
  const float* in;
  float* out;
  SwapAxes s;
  bool accumulate;
  TUNET_HD void operator()(int64_t i) const {
    int64_t r = i;
    const int64_t q = r % s.inner;
    r /= s.inner;
    const int64_t j0 = r % s.n0;
    r /= s.n0;
    const int64_t m = r % s.middle;
    r /= s.middle;
    const int64_t j1 = r % s.n1;
    const int64_t o = r / s.n1;
    const float v = in[(((o * s.n0 + j0) * s.middle + m) * s.n1 + j1) * s.inner + q];
    out[i] = accumulate ? out[i] + v : v;
  }
};

// Element (r, j) = (i / width, i % width): dst[r * dst_stride + j] (+)= src[r * src_stride + j]
// (src and dst already moved to their offsets).
struct CopyRowsBody {
  const float* src;
  int64_t src_stride;
  float* dst;
  int64_t dst_stride;
  int64_t width;
  bool accumulate;
  TUNET_HD void operator()(int64_t i) const {
    const int64_t r = i / width, j = i % width;
    const float v = src[r * src_stride + j];
    float& d = dst[r * dst_stride + j];
    d = accumulate ? d + v : v;
  }
};

// ---- passes ----

// out = swap(in), or out += swap(in)
template <class Exec>
void swap_axes_pass(Exec& exec, const float* in, const SwapAxes& s, float* out, bool accumulate) {
  exec.launch(s.outer * s.n0 * s.middle * s.n1 * s.inner, SwapAxesBody{in, out, s, accumulate});
}

// rows r < rows: dst[r * dst_stride + j] (+)= src[r * src_stride + j], j < width
template <class Exec>
void copy_rows_pass(Exec& exec, const float* src, int64_t src_stride, float* dst, int64_t dst_stride, int64_t rows,
                    int64_t width, bool accumulate) {
  if (width == 0) return;
  exec.launch(rows * width, CopyRowsBody{src, src_stride, dst, dst_stride, width, accumulate});
}

}  // namespace tunet::cuda
