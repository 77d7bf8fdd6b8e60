// The CUDA reduce table: sums and maxima over one axis (bodies in
// cuda/kernels/reduce_bodies.hpp) and the sum of squares through CUB.
#include <cub/device/device_reduce.cuh>

#include "cuda/kernels/reduce_bodies.hpp"
#include "cuda/launch.cuh"
#include "cuda/tables.hpp"

namespace tunet::cuda {
namespace {

int32_t* index_ptr(const Tensor& t) { return t.defined() ? reinterpret_cast<int32_t*>(device_ptr(t)) : nullptr; }

void sum_axis(const Tensor& in, const AxisSplit& s, Tensor& out) {
  sum_terms(SumAxisTerms{device_ptr(in), s.n, s.inner}, split_sum(s.outer * s.inner, s.n), device_ptr(out), false);
}

void sum_axis_backward(const Tensor& grad_out, const AxisSplit& s, Tensor& din) {
  launch(s.outer * s.n * s.inner, SumAxisBackwardBody{device_ptr(grad_out), device_ptr(din), s.n, s.inner});
}

void max_axis(const Tensor& in, const AxisSplit& s, Tensor& out, Tensor& argmax) {
  launch(s.outer * s.inner, MaxAxisBody{device_ptr(in), device_ptr(out), index_ptr(argmax), s.n, s.inner});
}

void max_axis_backward(const Tensor& grad_out, const Tensor& argmax, const AxisSplit& s, Tensor& din) {
  launch(s.outer * s.inner, MaxAxisBackwardBody{device_ptr(grad_out), index_ptr(argmax), device_ptr(din), s.n, s.inner});
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

}  // namespace

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

}  // namespace tunet::cuda
