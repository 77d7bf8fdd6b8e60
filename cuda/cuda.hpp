#pragma once
// The CUDA backend's own API. Tensors reach the GPU through core
// (Tensor::to(Device::cuda()), every op on inputs there runs there); this
// header says whether a GPU can be used, describes it, reports the device
// memory cache, and sets the GEMM precision.
//
//   std::string why;
//   if (!tunet::cuda::available(&why)) { std::cerr << why << "\n"; return; }
//   tunet::Tensor x = host_tensor.to(tunet::Device::cuda());
//   std::cout << tunet::cuda::memory_stats().peak_in_use << " bytes at the peak\n";
//
// Plain C++: no CUDA header is included (it is installed with the library).
#include <cstddef>
#include <cstdint>
#include <string>

namespace tunet::cuda {

// True when a CUDA device can be used; otherwise `why` gets the runtime's
// reason ("no usable CUDA device: CUDA driver version is insufficient for CUDA
// runtime version (error 35)"). Never throws.
bool available(std::string* why = nullptr);
int device_count();                      // 0 when !available()
std::string device_summary(int index = 0);  // "NVIDIA H200, 132 SMs, 139.8 GiB, compute 9.0"

// The device memory of one GPU as the caching allocator sees it. Freed tensor
// memory stays cached in size classes for the next allocation of that class,
// so a training step with the shapes of the previous one calls no cudaMalloc.
struct MemoryStats {
  size_t in_use = 0;       // bytes of live blocks (size-class rounded)
  size_t peak_in_use = 0;  // the most in_use since start or reset_peak_memory()
  size_t cached = 0;       // bytes of free blocks kept for reuse
  int64_t device_allocations = 0;  // cudaMalloc calls so far
  int64_t device_frees = 0;        // cudaFree calls so far
};
MemoryStats memory_stats(int index = 0);
void reset_peak_memory(int index = 0);
// Returns the cached free blocks of the device to the driver (cudaFree).
void release_cached_memory(int index = 0);

// TF32 tensor cores for the float GEMMs (matmul, dense, conv): off by default,
// so results match the CPU to float precision; on trades ~10 mantissa bits
// of the inputs for speed (Ampere and later).
void set_tf32(bool on);
bool tf32();

}  // namespace tunet::cuda
