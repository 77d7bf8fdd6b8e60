// The CUDA shape table: transposes of two axes and row copies (bodies in
// cuda/kernels/shape_bodies.hpp).
#include "cuda/kernels/shape_bodies.hpp"
#include "cuda/launch.cuh"
#include "cuda/tables.hpp"

namespace tunet::cuda {
namespace {

void swap_axes(const Tensor& in, const SwapAxes& s, Tensor& out, bool accumulate) {
  launch(in.numel(), SwapAxesBody{device_ptr(in), device_ptr(out), s, accumulate});
}

void copy_rows(const Tensor& src, int64_t src_offset, int64_t src_stride, Tensor& dst, int64_t dst_offset,
               int64_t dst_stride, int64_t rows, int64_t width, bool accumulate) {
  launch(rows * width, CopyRowsBody{device_ptr(src) + src_offset, src_stride, device_ptr(dst) + dst_offset,
                                    dst_stride, width, accumulate});
}

}  // namespace

const ShapeKernels& shape_kernels() {
  static const ShapeKernels table = {.swap_axes = swap_axes, .copy_rows = copy_rows};
  return table;
}

}  // namespace tunet::cuda
