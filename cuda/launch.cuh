#pragma once
// cuda::launch(count, body): body(i) for every i < count on the GPU, through
// one generic grid-stride kernel; `body` is a per-thread TUNET_HD functor of
// cuda/kernels/*_bodies.hpp (see cuda/kernels/launch.hpp; the host tests run
// the same body with run_on_host). nvcc only.
//
//   launch(x.numel(), ScaleBody{device_ptr(x), device_ptr(y), 2.0f});
#include <cstdint>
#include <typeinfo>

#include "cuda/kernels/launch.hpp"
#include "cuda/kernels/sum_bodies.hpp"
#include "cuda/runtime.cuh"

namespace tunet::cuda {

inline constexpr int kLaunchThreads = 256;

// Every thread takes i = its global index, then steps by the whole grid.
template <class Body>
__global__ void __launch_bounds__(kLaunchThreads) grid_stride(int64_t count, Body body) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += step) body(i);
}

// body(i), i < count, queued on `stream` (the current device's by default).
template <class Body>
void launch(int64_t count, const Body& body, cudaStream_t stream = current_stream()) {
  if (count <= 0) return;
  grid_stride<Body><<<launch_blocks(count, kLaunchThreads), kLaunchThreads, 0, stream>>>(count, body);
  check_launch(typeid(Body).name(), count);
}

// out[j] (+)= sum_k terms.at(terms.base(j), k) as `split` cuts it (cuda/kernels/
// sum_bodies.hpp): one pass, or partial sums in scratch memory and a second pass.
template <class Terms>
void sum_terms(const Terms& terms, const ChunkedSum& split, float* out, bool accumulate) {
  if (split.chunks == 1) {
    launch(split.outputs, ChunkedSumBody<Terms>{terms, split, out, accumulate});
    return;
  }
  const Tensor partial = scratch(split.outputs * split.chunks);
  launch(split.outputs * split.chunks, ChunkedSumBody<Terms>{terms, split, partial.data_ptr(), false});
  launch(split.outputs, SumChunksBody{partial.data_ptr(), split.chunks, out, accumulate});
}

}  // namespace tunet::cuda
