// The CUDA tables of core's tensor ops (core/ops.hpp): elementwise, reduce
// and shape, each entry a pass of cuda/kernels/{elementwise,reduce,shape}_bodies.hpp
// on the current device's stream (the sum of squares is CUB's reduction); and
// the backend's fill. One translation unit: nvcc's time goes mostly to
// per-file work, and there are only two cores to build on.
#include <cub/device/device_reduce.cuh>

#include <cmath>

#include "cuda/device_exec.cuh"
#include "cuda/kernels/elementwise_bodies.hpp"
#include "cuda/kernels/reduce_bodies.hpp"
#include "cuda/kernels/shape_bodies.hpp"
#include "cuda/tables.hpp"

namespace tunet::cuda {
namespace {

// ---- elementwise ----

float* optional_ptr(const Tensor& t) { return t.defined() ? device_ptr(t) : nullptr; }

void binary(BinaryOp op, const BroadcastPlan& plan, const Tensor& a, const Tensor& b, Tensor& out) {
  DeviceExec exec;
  binary_pass(exec, op, plan, device_ptr(a), device_ptr(b), device_ptr(out));
}

void binary_backward(BinaryOp op, const BroadcastPlan& plan, const Tensor& a, const Tensor& b,
                     const Tensor& grad_out, Tensor& da, Tensor& db) {
  DeviceExec exec;
  binary_backward_pass(exec, op, plan, device_ptr(a), device_ptr(b), device_ptr(grad_out), optional_ptr(da),
                       optional_ptr(db));
}

void unary(UnaryOp op, float parameter, const Tensor& x, Tensor& y) {
  DeviceExec exec;
  unary_pass(exec, op, parameter, device_ptr(x), device_ptr(y), x.numel());
}

void unary_backward(UnaryOp op, float parameter, const Tensor& x, const Tensor& y, const Tensor& grad_out,
                    Tensor& dx) {
  DeviceExec exec;
  unary_backward_pass(exec, op, parameter, device_ptr(x), device_ptr(y), device_ptr(grad_out), device_ptr(dx),
                      x.numel());
}

// ---- reduce ----

// argmax: int32 in a float-sized buffer; null when undefined
int32_t* index_ptr(const Tensor& t) { return t.defined() ? reinterpret_cast<int32_t*>(device_ptr(t)) : nullptr; }

void sum_axis(const Tensor& in, const AxisSplit& s, Tensor& out) {
  DeviceExec exec;
  sum_axis_pass(exec, device_ptr(in), s, device_ptr(out));
}

void sum_axis_backward(const Tensor& grad_out, const AxisSplit& s, Tensor& din) {
  DeviceExec exec;
  sum_axis_backward_pass(exec, device_ptr(grad_out), s, device_ptr(din));
}

void max_axis(const Tensor& in, const AxisSplit& s, Tensor& out, Tensor& argmax) {
  DeviceExec exec;
  max_axis_pass(exec, device_ptr(in), s, device_ptr(out), index_ptr(argmax));
}

void max_axis_backward(const Tensor& grad_out, const Tensor& argmax, const AxisSplit& s, Tensor& din) {
  DeviceExec exec;
  max_axis_backward_pass(exec, device_ptr(grad_out), index_ptr(argmax), s, device_ptr(din));
}

// out = sum x^2: CUB's device-wide reduction in double into scratch memory
// (its temporary storage after the double), then rounded into the scalar.
void sum_squares(const Tensor& x, Tensor& out) {
  const float* in = device_ptr(x);
  const int64_t n = x.numel();
  cudaStream_t stream = current_stream();
  size_t temp_bytes = 0;
  check_cuda(cub::DeviceReduce::TransformReduce(nullptr, temp_bytes, in, static_cast<double*>(nullptr), n,
                                                ::cuda::std::plus<double>{}, SquareToDouble{}, 0.0, stream),
             "cub::DeviceReduce::TransformReduce (size query)");
  constexpr size_t kSumBytes = 256;  // the double, padded so CUB's storage stays aligned
  const Tensor buffer = scratch(static_cast<int64_t>((kSumBytes + temp_bytes + sizeof(float) - 1) / sizeof(float)));
  auto* sum = reinterpret_cast<double*>(buffer.data_ptr());
  void* temp = reinterpret_cast<char*>(buffer.data_ptr()) + kSumBytes;
  check_cuda(cub::DeviceReduce::TransformReduce(temp, temp_bytes, in, sum, n, ::cuda::std::plus<double>{},
                                                SquareToDouble{}, 0.0, stream),
             "cub::DeviceReduce::TransformReduce");
  launch(1, StoreSumBody{sum, device_ptr(out)});
}

// ---- shape ----

void swap_axes(const Tensor& in, const SwapAxes& s, Tensor& out, bool accumulate) {
  DeviceExec exec;
  swap_axes_pass(exec, device_ptr(in), s, device_ptr(out), accumulate);
}

void copy_rows(const Tensor& src, int64_t src_offset, int64_t src_stride, Tensor& dst, int64_t dst_offset,
               int64_t dst_stride, int64_t rows, int64_t width, bool accumulate) {
  DeviceExec exec;
  copy_rows_pass(exec, device_ptr(src) + src_offset, src_stride, device_ptr(dst) + dst_offset, dst_stride, rows,
                 width, accumulate);
}

}  // namespace

void fill(float* dst, int64_t count, float value) {
  if (value == 0.0f && !std::signbit(value)) {  // all-zero bits: a memset
    check_cuda(cudaMemsetAsync(dst, 0, sizeof(float) * static_cast<size_t>(count), current_stream()),
               "cudaMemsetAsync");
    return;
  }
  launch(count, FillBody{dst, value});
}

const ElementwiseKernels& elementwise_kernels() {
  static const ElementwiseKernels table = {
      .binary = binary,
      .binary_backward = binary_backward,
      .unary = unary,
      .unary_backward = unary_backward,
  };
  return table;
}

const ReduceKernels& reduce_kernels() {
  static const ReduceKernels table = {
      .sum_axis = sum_axis,
      .sum_axis_backward = sum_axis_backward,
      .max_axis = max_axis,
      .max_axis_backward = max_axis_backward,
      .sum_squares = sum_squares,
  };
  return table;
}

const ShapeKernels& shape_kernels() {
  static const ShapeKernels table = {.swap_axes = swap_axes, .copy_rows = copy_rows};
  return table;
}

}  // namespace tunet::cuda
