#pragma once
// Inverted dropout's mask value: an element is kept with probability keep =
// 1 - rate and then scaled by 1 / keep, so the expected output equals the
// input and inference needs no rescaling. `bits` is the element's Philox word
// (core/kernels/philox.hpp), the one Rng::fill_uniform turns into u in [0, 1).
#include <cstdint>

#include "core/kernels/hd.hpp"
#include "core/kernels/philox.hpp"

namespace tunet::kernels {

// (u < keep) * scale, u = uniform_from_bits(bits); a product, not a branch, so
// the CPU loop vectorises (a random branch would be mispredicted half the time)
TUNET_HD inline float dropout_mask_value(uint32_t bits, float keep, float scale) {
  return static_cast<float>(uniform_from_bits(bits) < keep) * scale;
}

}  // namespace tunet::kernels
