#pragma once
// Scratch: a thread's working buffer in the convolution passes, left
// uninitialised (every use writes it before reading it).
#include <cstdint>
#include <memory>

namespace tunet::cpu {

class Scratch {
 public:
  explicit Scratch(int64_t count) : data_(std::make_unique_for_overwrite<float[]>(size_t(count))) {}
  float* data() { return data_.get(); }

 private:
  std::unique_ptr<float[]> data_;
};

}  // namespace tunet::cpu
