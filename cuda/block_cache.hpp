#pragma once
// BlockCache: a caching allocator over a raw allocator (cudaMalloc / cudaFree
// for the GPU). A request is rounded up to its size class; a freed block goes
// to its class's free list and the next request of that class takes it back,
// so a loop that allocates the same shapes every iteration stops calling the
// raw allocator after its first pass. When the raw allocator runs out, the
// cached blocks are returned to it and the request is tried once more.
//
// Plain C++ (no CUDA header): the host tests drive it with malloc / free.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"

namespace tunet::cuda {

struct BlockCacheStats {
  size_t in_use = 0, peak_in_use = 0, cached = 0;
  int64_t raw_allocations = 0, raw_frees = 0;
};

// Size classes: multiples of 512 bytes up to 2 KiB, then four per power of
// two (a multiple of bit_floor(bytes) / 4), so rounding wastes under 25%.
inline size_t block_size_class(size_t bytes) {
  constexpr size_t kMinBlock = 512;
  const size_t step = std::max(kMinBlock, std::bit_floor(std::max<size_t>(bytes, 1)) / 4);
  return (std::max<size_t>(bytes, 1) + step - 1) / step * step;
}

class BlockCache {
 public:
  // raw_allocate returns nullptr when out of memory (other failures throw).
  using RawAllocate = void* (*)(size_t bytes);
  using RawFree = void (*)(void* ptr);

  BlockCache(std::string name, RawAllocate raw_allocate, RawFree raw_free)
      : name_(std::move(name)), raw_allocate_(raw_allocate), raw_free_(raw_free) {}
  BlockCache(const BlockCache&) = delete;
  BlockCache& operator=(const BlockCache&) = delete;

  void* allocate(size_t bytes) {
    const size_t size = block_size_class(bytes);
    std::lock_guard<std::mutex> lock(mutex_);
    void* ptr = nullptr;
    std::vector<void*>& free_list = free_[size];
    if (!free_list.empty()) {
      ptr = free_list.back();
      free_list.pop_back();
      stats_.cached -= size;
    } else {
      ptr = raw_allocate_locked(size);
    }
    stats_.in_use += size;
    stats_.peak_in_use = std::max(stats_.peak_in_use, stats_.in_use);
    return ptr;
  }

  // `bytes` as given to allocate().
  void deallocate(void* ptr, size_t bytes) {
    if (!ptr) return;
    const size_t size = block_size_class(bytes);
    std::lock_guard<std::mutex> lock(mutex_);
    free_[size].push_back(ptr);
    stats_.in_use -= size;
    stats_.cached += size;
  }

  // Hands every cached free block back to the raw allocator.
  void release_cached() {
    std::lock_guard<std::mutex> lock(mutex_);
    release_cached_locked();
  }

  BlockCacheStats stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }
  void reset_peak() {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.peak_in_use = stats_.in_use;
  }

 private:
  void* raw_allocate_locked(size_t size) {
    void* ptr = raw_allocate_(size);
    if (!ptr && stats_.cached > 0) {  // out of memory: give the cache back and retry
      release_cached_locked();
      ptr = raw_allocate_(size);
    }
    if (!ptr)
      throw Error(name_ + ": out of memory allocating " + std::to_string(size) + " bytes (" +
                  std::to_string(stats_.in_use) + " bytes in use by tensors, " + std::to_string(stats_.peak_in_use) +
                  " at the peak)");
    ++stats_.raw_allocations;
    return ptr;
  }

  void release_cached_locked() {
    for (auto& [size, blocks] : free_) {
      for (void* ptr : blocks) {
        raw_free_(ptr);
        ++stats_.raw_frees;
        stats_.cached -= size;
      }
      blocks.clear();
    }
  }

  std::string name_;
  RawAllocate raw_allocate_;
  RawFree raw_free_;
  mutable std::mutex mutex_;
  std::unordered_map<size_t, std::vector<void*>> free_;  // size class -> free blocks
  BlockCacheStats stats_;
};

}  // namespace tunet::cuda
