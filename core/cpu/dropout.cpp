// DropoutKernels::cpu(): the inverted-dropout mask, drawn from Philox at
// (seed, stream, position) with the lane-parallel blocks of Rng's fills, so
// element i gets the very value Rng::fill_uniform would give it.
#include <algorithm>

#include "core/kernels/dropout.hpp"
#include "core/op_kernels.hpp"
#include "core/parallel.hpp"
#include "core/philox_lanes.hpp"

namespace tunet {
namespace {

// mask_i = (u_i < keep) * scale; u_i = word i % 4 of block position + i / 4, in [0, 1).
void dropout_mask(uint64_t seed, uint64_t stream, uint64_t position, float keep, float scale, Tensor& mask) {
  const int64_t n = mask.numel();
  float* out = mask.data_ptr();
  constexpr int64_t kGroup = 4 * kPhiloxLanes;
  const int64_t groups = (n + kGroup - 1) / kGroup;
  TUNET_OMP_FOR_IF(n >= kParallelMinElements)
  for (int64_t g = 0; g < groups; ++g) {
    uint32_t words[4][kPhiloxLanes];
    philox_lanes(seed, stream, position + static_cast<uint64_t>(g) * kPhiloxLanes, words);
    float* o = out + g * kGroup;
    const int64_t count = std::min<int64_t>(kGroup, n - g * kGroup);
    if (count == kGroup) {  // element 4 l + k takes word k of lane l (vectorised over the lanes)
      TUNET_OMP(simd)
      for (int l = 0; l < kPhiloxLanes; ++l)
        for (int k = 0; k < 4; ++k) o[4 * l + k] = kernels::dropout_mask_value(words[k][l], keep, scale);
    } else {
      for (int64_t j = 0; j < count; ++j) o[j] = kernels::dropout_mask_value(words[j % 4][j / 4], keep, scale);
    }
  }
}

}  // namespace

const DropoutKernels& DropoutKernels::cpu() {
  static const DropoutKernels table = {.mask = dropout_mask};
  return table;
}

}  // namespace tunet
