// One caching allocator per GPU (block sizes and reuse: cuda/block_cache.hpp).
#include "cuda/allocator.hpp"

#include <memory>

#include "cuda/block_cache.hpp"
#include "cuda/cuda.hpp"
#include "cuda/runtime.cuh"

namespace tunet::cuda {
namespace {

// nullptr when the device is out of memory, so the cache can free and retry.
void* raw_allocate(size_t bytes) {
  void* ptr = nullptr;
  const cudaError_t status = cudaMalloc(&ptr, bytes);
  if (status == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    return nullptr;
  }
  check_cuda(status, "cudaMalloc(" + std::to_string(bytes) + " bytes)");
  return ptr;
}

void raw_free(void* ptr) { check_cuda(cudaFree(ptr), "cudaFree"); }

// Made on first use, never destroyed: tensors held by static objects are freed
// after main returns, into a cache that must still exist.
BlockCache& cache(int index) {
  static BlockCache** const caches = [] {
    const int count = std::max(1, device_count());
    auto** all = new BlockCache*[count];
    for (int i = 0; i < count; ++i) all[i] = new BlockCache("cuda:" + std::to_string(i), raw_allocate, raw_free);
    return all;
  }();
  return *caches[index];
}

}  // namespace

void* device_allocate(size_t bytes, int index) {
  select_device(index);  // cudaMalloc allocates on the current device
  return cache(index).allocate(bytes);
}

void device_deallocate(void* ptr, size_t bytes, int index) { cache(index).deallocate(ptr, bytes); }

MemoryStats memory_stats(int index) {
  if (index < 0 || index >= device_count()) return {};
  const BlockCacheStats s = cache(index).stats();
  return {.in_use = s.in_use,
          .peak_in_use = s.peak_in_use,
          .cached = s.cached,
          .device_allocations = s.raw_allocations,
          .device_frees = s.raw_frees};
}

void reset_peak_memory(int index) {
  if (index >= 0 && index < device_count()) cache(index).reset_peak();
}

void release_cached_memory(int index) {
  if (index < 0 || index >= device_count()) return;
  select_device(index);
  // Cached blocks may still be read by queued kernels: let them finish first.
  check_cuda(cudaStreamSynchronize(device_stream(index)), "cudaStreamSynchronize");
  cache(index).release_cached();
}

}  // namespace tunet::cuda
