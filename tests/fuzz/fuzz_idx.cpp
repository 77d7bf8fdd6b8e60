// Fuzz target: IDX files (MNIST's format), raw or gzip-compressed, as
// read_idx reads them: gunzip when the bytes start with the gzip magic, then
// the header and payload checks.
#include "datasets/file_bytes.hpp"
#include "datasets/idx.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return tunet::fuzzing::guarded(data, size, [&] {
    std::span<const uint8_t> bytes(data, size);
    if (tunet::datasets::is_gzip(bytes)) {
      const std::vector<uint8_t> inflated = tunet::datasets::gunzip(bytes, "fuzz.idx.gz");
      tunet::datasets::parse_idx(inflated, "fuzz.idx.gz");
    } else {
      tunet::datasets::parse_idx(bytes, "fuzz.idx");
    }
  });
}
