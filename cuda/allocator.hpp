#pragma once
// The device memory of the backend: one BlockCache (cuda/block_cache.hpp) per
// GPU over cudaMalloc / cudaFree. Every tensor, scratch buffer and the cuBLAS
// workspace comes from here; cuda::memory_stats() reports it.
#include <cstddef>

namespace tunet::cuda {

// `bytes` on device `index` (selects it); Error naming the device when out of memory.
void* device_allocate(size_t bytes, int index);
// Back to the cache; `bytes` as given to device_allocate.
void device_deallocate(void* ptr, size_t bytes, int index);

}  // namespace tunet::cuda
