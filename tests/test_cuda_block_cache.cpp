// The CUDA backend's caching allocator logic (cuda/block_cache.hpp) over
// malloc / free: size classes, reuse of freed blocks, statistics, and the
// retry after releasing the cache when the raw allocator runs out. Links
// tunet_core only: runs in every build.
#include <doctest/doctest.h>

#include <cstdlib>
#include <vector>

#include "cuda/block_cache.hpp"

using tunet::cuda::BlockCache;
using tunet::cuda::block_size_class;

namespace {

int64_t g_raw_live = 0;       // blocks the raw allocator handed out and got back
size_t g_raw_limit = SIZE_MAX;  // the raw allocator fails above this many live bytes
size_t g_raw_bytes = 0;
std::vector<std::pair<void*, size_t>> g_raw_sizes;

void* raw_allocate(size_t bytes) {
  if (g_raw_bytes + bytes > g_raw_limit) return nullptr;
  g_raw_bytes += bytes;
  ++g_raw_live;
  void* p = std::malloc(bytes);
  g_raw_sizes.emplace_back(p, bytes);
  return p;
}

void raw_free(void* ptr) {
  for (auto it = g_raw_sizes.begin(); it != g_raw_sizes.end(); ++it)
    if (it->first == ptr) {
      g_raw_bytes -= it->second;
      g_raw_sizes.erase(it);
      break;
    }
  --g_raw_live;
  std::free(ptr);
}

}  // namespace

TEST_CASE("size classes: at least the request, under 25% more, multiples of 512 bytes") {
  CHECK(block_size_class(0) == 512);
  CHECK(block_size_class(1) == 512);
  CHECK(block_size_class(512) == 512);
  CHECK(block_size_class(513) == 1024);
  for (size_t bytes = 1; bytes < (size_t(1) << 30); bytes = bytes * 3 / 2 + 7) {
    const size_t c = block_size_class(bytes);
    CHECK(c >= bytes);
    CHECK(c % 512 == 0);
    if (bytes > 2048) CHECK(double(c) < 1.25 * double(bytes));
    CHECK(block_size_class(c) == c);  // a class is its own class
  }
}

TEST_CASE("a loop allocating the same sizes stops calling the raw allocator after its first pass") {
  BlockCache cache("test", raw_allocate, raw_free);
  const size_t sizes[] = {4, 4000, 4096, 1 << 20, 123457, 4000};
  for (int pass = 0; pass < 5; ++pass) {
    std::vector<void*> blocks;
    for (size_t s : sizes) blocks.push_back(cache.allocate(s));
    for (size_t i = 0; i < blocks.size(); ++i) cache.deallocate(blocks[i], sizes[i]);
    CHECK(cache.stats().raw_allocations == 6);  // only the first pass allocated
    CHECK(cache.stats().in_use == 0);
  }
  size_t expected_peak = 0;
  for (size_t s : sizes) expected_peak += block_size_class(s);
  CHECK(cache.stats().peak_in_use == expected_peak);
  CHECK(cache.stats().cached == expected_peak);
  cache.release_cached();
  CHECK(cache.stats().cached == 0);
  CHECK(cache.stats().raw_frees == 6);
  CHECK(g_raw_live == 0);
}

TEST_CASE("a freed block serves the next request of its class; stats follow in_use and the peak") {
  BlockCache cache("test", raw_allocate, raw_free);
  void* a = cache.allocate(5000);
  CHECK(cache.stats().in_use == block_size_class(5000));
  cache.deallocate(a, 5000);
  void* b = cache.allocate(block_size_class(5000) - 3);  // same class
  CHECK(b == a);
  void* c = cache.allocate(100);
  CHECK(cache.stats().raw_allocations == 2);
  cache.deallocate(b, block_size_class(5000) - 3);
  cache.deallocate(c, 100);
  cache.reset_peak();
  CHECK(cache.stats().peak_in_use == 0);
  cache.release_cached();
  CHECK(g_raw_live == 0);
}

TEST_CASE("out of memory: the cache is handed back and the request retried; then an Error with the sizes") {
  BlockCache cache("cuda:7", raw_allocate, raw_free);
  g_raw_limit = 8192;
  void* small = cache.allocate(4096);
  cache.deallocate(small, 4096);  // cached: 4096 bytes held by the cache
  void* big = cache.allocate(6000);  // 6144 + 4096 > 8192: the cache is released, then it fits
  CHECK(cache.stats().cached == 0);
  CHECK(cache.stats().raw_frees == 1);
  try {
    cache.allocate(4096);
    FAIL("expected an Error");
  } catch (const tunet::Error& e) {
    const std::string what = e.what();
    CHECK(what.find("cuda:7") != std::string::npos);
    CHECK(what.find("out of memory allocating 4096 bytes") != std::string::npos);
    CHECK(what.find("6144 bytes in use") != std::string::npos);
  }
  cache.deallocate(big, 6000);
  cache.release_cached();
  g_raw_limit = SIZE_MAX;
  CHECK(g_raw_live == 0);
}
