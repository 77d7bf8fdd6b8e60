#include "core/random.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/kernels/philox.hpp"
#include "core/parallel.hpp"
#include "core/philox_lanes.hpp"

namespace tunet {

using kernels::philox_block;

Rng Rng::derive(uint64_t stream) const {
  // A new seed from this generator's identity and the sub-stream number, so
  // derived generators never overlap with each other or with this one.
  const kernels::Philox4 b = philox_block(state_.seed, state_.stream ^ 0x5EED5EED5EED5EEDull, stream);
  return Rng((static_cast<uint64_t>(b.v[0]) << 32) | b.v[1], stream);
}

uint32_t Rng::next_u32() {
  if (buffered_ == 0) {
    const kernels::Philox4 b = philox_block(state_.seed, state_.stream, state_.position++);
    for (int i = 0; i < 4; ++i) buffer_[i] = b.v[i];
    buffered_ = 4;
  }
  return buffer_[4 - buffered_--];
}

double Rng::uniform() {
  const uint64_t hi = next_u32() >> 5, lo = next_u32() >> 6;  // 53 random bits
  return (static_cast<double>(hi) * 67108864.0 + static_cast<double>(lo)) * (1.0 / 9007199254740992.0);
}

double Rng::uniform(double low, double high) { return low + (high - low) * uniform(); }

double Rng::normal() {
  float z0, z1;
  // Named first: a call's arguments are evaluated in an unspecified order (GCC
  // right to left, Clang left to right); this is GCC's, now every compiler's.
  const uint32_t u2 = next_u32();
  const uint32_t u1 = next_u32();
  kernels::box_muller(u1, u2, z0, z1);
  return z0;
}

uint64_t Rng::below(uint64_t n) {
  check(n > 0, "Rng::below: n must be positive");
  // Lemire's multiply-shift with rejection: unbiased.
  const uint64_t limit = (0 - n) % n;
  while (true) {
    const uint64_t hi = next_u32();  // named first: the operands of | are unsequenced
    const uint64_t x = (hi << 32) | next_u32();
    const unsigned __int128 m = static_cast<unsigned __int128>(x) * n;
    if (static_cast<uint64_t>(m) >= limit) return static_cast<uint64_t>(m >> 64);
  }
}

RngState Rng::reserve(int64_t count) {
  const RngState at = state_;
  state_.position += static_cast<uint64_t>(count + 3) / 4;
  buffered_ = 0;
  return at;
}

// Tensor fills: element i uses block (start + i / 4), word i % 4, so the value
// at each position depends only on (seed, stream, position): a GPU kernel
// computing element i by itself gets the same number.
void Rng::fill_uniform(Tensor& t, float low, float high) {
  const int64_t n = t.numel();
  float* out = t.data();
  const RngState at = reserve(n);
  const float scale = high - low;
  // Element i = 4 * block + k takes word k of block (start + block).
  constexpr int64_t kGroup = 4 * kPhiloxLanes;
  const int64_t groups = (n + kGroup - 1) / kGroup;
  TUNET_OMP_FOR_IF(n >= kParallelMinElements)
  for (int64_t g = 0; g < groups; ++g) {
    uint32_t words[4][kPhiloxLanes];
    philox_lanes(at.seed, at.stream, at.position + static_cast<uint64_t>(g) * kPhiloxLanes, words);
    const int64_t base = g * kGroup;
    const int64_t count = std::min<int64_t>(kGroup, n - base);
    for (int64_t j = 0; j < count; ++j)
      out[base + j] = low + scale * kernels::uniform_from_bits(words[j % 4][j / 4]);
  }
}

void Rng::fill_normal(Tensor& t, float mean, float stddev) {
  const int64_t n = t.numel();
  float* out = t.data();
  const RngState at = reserve(n);
  TUNET_OMP_FOR_IF(n >= kParallelMinElements)
  for (int64_t i = 0; i < n; ++i) {
    const kernels::Philox4 b = philox_block(at.seed, at.stream, at.position + i / 4);
    const int pair = (i % 4) / 2;
    float z0, z1;
    kernels::box_muller(b.v[2 * pair], b.v[2 * pair + 1], z0, z1);
    out[i] = mean + stddev * (i % 2 == 0 ? z0 : z1);
  }
}

void Rng::fill_bernoulli(Tensor& t, float p_one) {
  check(p_one >= 0.0f && p_one <= 1.0f, "Rng::fill_bernoulli: probability " + std::to_string(p_one) +
                                            " is outside [0, 1]");
  fill_uniform(t, 0.0f, 1.0f);
  float* out = t.data();
  const int64_t n = t.numel();
  for (int64_t i = 0; i < n; ++i) out[i] = out[i] < p_one ? 1.0f : 0.0f;
}

}  // namespace tunet
