// main() of the tests that need a GPU (tests/CMakeLists.txt: test_cuda_parity*).
// Where no CUDA device is usable it prints the runtime's reason and exits with
// kSkipExitCode, which CTest reports as "Skipped" (SKIP_RETURN_CODE), never as
// "Passed". A build whose CUDA backend did not register fails instead: that is
// a link bug, not a missing GPU.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "core/backend.hpp"

namespace {
constexpr int kSkipExitCode = 77;  // tests/CMakeLists.txt sets SKIP_RETURN_CODE to it
}

int main(int argc, char** argv) {
  if (!tunet::backend_registered(tunet::DeviceKind::CUDA)) {
    std::fprintf(stderr, "FAILED: the CUDA backend is not registered (tunet_cuda's registration was not linked)\n");
    return 1;
  }
  std::string why;
  if (!tunet::device_available(tunet::Device::cuda(), &why)) {
    std::printf("SKIPPED: %s\n", why.c_str());
    return kSkipExitCode;
  }
  doctest::Context context(argc, argv);
  return context.run();
}
