#pragma once
// Per-thread body of the CUDA dropout mask: the Philox stream laid out as
// Rng::fill_uniform lays it out (element e takes word e % 4 of block
// position + e / 4), so the GPU mask equals Rng::fill_bernoulli's on the CPU,
// bit for bit, for the same (seed, stream, position).
#include <cstdint>

#include "core/kernels/hd.hpp"
#include "core/kernels/dropout.hpp"
#include "core/kernels/philox.hpp"

namespace tunet::cuda {

// Block b of four elements: mask_e = (u_e < keep) * scale for e = 4b .. 4b + 3 below count.
struct DropoutMaskBody {
  float* mask;
  int64_t count;
  uint64_t seed, stream, position;
  float keep, scale;
  TUNET_HD void operator()(int64_t b) const {
    const kernels::Philox4 words = kernels::philox_block(seed, stream, position + static_cast<uint64_t>(b));
    for (int64_t w = 0; w < 4; ++w) {
      const int64_t e = 4 * b + w;
      if (e >= count) return;
      mask[e] = kernels::dropout_mask_value(words.v[w], keep, scale);
    }
  }
  // Threads for `count` elements: one per Philox block.
  static int64_t blocks(int64_t count) { return (count + 3) / 4; }
};

}  // namespace tunet::cuda
