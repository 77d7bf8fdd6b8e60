// Fuzz target: model / checkpoint files (Sequential::load), through an
// in-memory file (memfd) so no disk is written per input.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "fuzz_target.hpp"
#include "nn/sequential.hpp"

namespace {

// One memfd for the whole run, rewritten per input; its path opens it again.
const std::string& memory_file(const uint8_t* data, size_t size) {
  static const int fd = memfd_create("tunet-fuzz-model", 0);
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) std::abort();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = memory_file(data, size);
  return tunet::fuzzing::guarded(data, size, [&] { tunet::nn::Sequential::load(path); });
}
