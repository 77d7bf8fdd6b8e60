// What the kernel lab's tests share: random operands and the normwise error
// by which every rung is compared with its naive reference.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include "core/random.hpp"
#include "core/tensor.hpp"

namespace tunet::lab_test {

// A tensor of the given shape, uniform in [-scale, scale), drawn from seed.
inline Tensor random_tensor(Shape shape, uint64_t seed, float scale = 1.0f) {
  Tensor t = Tensor::empty(std::move(shape));
  Rng(seed).fill_uniform(t, -scale, scale);
  return t;
}

// max_i |out_i - ref_i| / max_i |ref_i|
inline double normwise_error(const float* out, const float* ref, int64_t count) {
  double diff = 0.0, norm = 1e-30;
  for (int64_t i = 0; i < count; ++i) {
    diff = std::max(diff, std::abs(double(out[i]) - ref[i]));
    norm = std::max(norm, std::abs(double(ref[i])));
  }
  return diff / norm;
}

}  // namespace tunet::lab_test
