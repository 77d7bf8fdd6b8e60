#pragma once
// Scratch: a thread's working buffer in the convolution passes, left
// uninitialised (every use writes it before reading it). 64-byte aligned:
// Eigen's vectorised sums start their aligned loop at an address-dependent
// element, so a buffer at an arbitrary heap address would round differently
// from one call to the next; at a fixed alignment the results repeat bit for bit.
#include <cstdint>
#include <new>

namespace tunet::cpu {

class Scratch {
 public:
  explicit Scratch(int64_t count)
      : data_(static_cast<float*>(::operator new(sizeof(float) * size_t(count > 0 ? count : 1), kAlignment))) {}
  ~Scratch() { ::operator delete(data_, kAlignment); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  float* data() { return data_; }

 private:
  static constexpr std::align_val_t kAlignment{64};
  float* data_;
};

}  // namespace tunet::cpu
