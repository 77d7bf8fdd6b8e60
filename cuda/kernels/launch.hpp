#pragma once
// How a custom kernel is written: its per-thread body is a functor
//
//   struct ScaleBody {
//     const float* x; float* y; float a;
//     TUNET_HD void operator()(int64_t i) const { y[i] = a * x[i]; }   // one thread, element i
//   };
//
// The GPU runs it through cuda::launch(count, body) (cuda/launch.cuh: one
// generic grid-stride kernel); tests run the very same body on the host with
// run_on_host(count, body), one index after the other, against the CPU
// backend's op. So a wrong index or stride fails in CI without a GPU; only the
// launch itself and the memory and cuBLAS / CUB calls need a device.
//
// This header is plain C++: g++ compiles it (and every body header) without
// any CUDA header.
#include <cstdint>

#include "core/kernels/hd.hpp"

namespace tunet::cuda {

// body(i) for i = 0 .. count - 1, in order, on the calling thread.
template <class Body>
void run_on_host(int64_t count, const Body& body) {
  for (int64_t i = 0; i < count; ++i) body(i);
}

}  // namespace tunet::cuda
