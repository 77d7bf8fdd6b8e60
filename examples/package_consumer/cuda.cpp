// Links tunet::cuda alone: the CUDA backend registers itself, and says whether a GPU is usable.
#include <iostream>
#include <string>

#include "core/backend.hpp"

int main() {
  std::string why;
  const bool usable = tunet::device_available(tunet::Device::cuda(), &why);
  std::cout << "cuda: the backend is linked; " << (usable ? "a GPU is usable" : "no usable GPU: " + why) << "\n";
  return 0;
}
