#pragma once
// The CUDA backend. Start with available(): on a machine without a usable GPU
// it returns false and says why; nothing else here may be called then.
//
//   std::string why;
//   if (!tunet::cuda::available(&why)) { std::cerr << why; return; }
//   Tensor a_gpu = tunet::cuda::to_device(a);          // CPU -> GPU
//   Tensor c = tunet::cuda::to_host(tunet::cuda::matmul(a_gpu, b_gpu));
#include <string>

#include "core/tensor.hpp"

namespace tunet::cuda {

// True when a CUDA device can be used; otherwise `why` gets the runtime's reason.
bool available(std::string* why = nullptr);
std::string device_summary();  // "NVIDIA H100 80GB HBM3, 132 SMs, 79.1 GiB, compute 9.0"

Tensor to_device(const Tensor& host);  // a copy in GPU memory
Tensor to_host(const Tensor& device);  // a copy in CPU memory

// The same meaning as the CPU ops; inputs on the GPU, no autograd.
Tensor matmul(const Tensor& a, const Tensor& b);  // (M,K) x (K,N) with cuBLAS
Tensor add(const Tensor& a, const Tensor& b);     // same shapes
Tensor mul(const Tensor& a, const Tensor& b);     // same shapes
Tensor exp(const Tensor& a);
// Philox values at (seed, stream, position..): equal to Rng(seed, stream).fill_uniform on the CPU.
void fill_uniform(Tensor& t, uint64_t seed, uint64_t stream, uint64_t position, float low, float high);

}  // namespace tunet::cuda
