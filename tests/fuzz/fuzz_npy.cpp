// Fuzz target: NumPy .npy files (versions 1.0 to 3.0) read as float32 tensors.
#include <sstream>

#include "fuzz_target.hpp"
#include "nn/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return tunet::fuzzing::guarded(data, size, [&] {
    std::istringstream in(std::string(tunet::fuzzing::text_of(data, size)), std::ios::binary);
    tunet::nn::read_npy(in, "fuzz.npy");
  });
}
