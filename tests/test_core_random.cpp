#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "core/kernels/philox.hpp"
#include "core/philox_lanes.hpp"
#include "core/random.hpp"

using namespace tunet;

TEST_CASE("Philox-4x32-10 matches the Random123 known-answer vectors") {
  // Random123's kat_vectors: philox4x32 10 rounds.
  auto zero = kernels::philox4x32_10(0, 0, 0, 0, 0, 0);
  CHECK(zero.v[0] == 0x6627e8d5u);
  CHECK(zero.v[1] == 0xe169c58du);
  CHECK(zero.v[2] == 0xbc57ac4cu);
  CHECK(zero.v[3] == 0x9b00dbd8u);
  auto ones = kernels::philox4x32_10(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu);
  CHECK(ones.v[0] == 0x408f276du);
  CHECK(ones.v[1] == 0x41c83b0eu);
  CHECK(ones.v[2] == 0xa20bc7c6u);
  CHECK(ones.v[3] == 0x6d5451fdu);
}

TEST_CASE("the same seed gives the same numbers; another seed does not") {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 10; ++i) {
    const uint32_t x = a.next_u32();
    CHECK(x == b.next_u32());
    CHECK(x != c.next_u32());
  }
}

TEST_CASE("a tensor fill depends only on (seed, stream, position)") {
  Tensor big = Tensor::empty({100000});
  Rng rng(7);
  rng.fill_uniform(big, 0.0f, 1.0f);  // parallel above the threshold
  Tensor small = Tensor::empty({8});
  Rng again(7);
  again.fill_uniform(small, 0.0f, 1.0f);
  for (int i = 0; i < 8; ++i) CHECK(small.data()[i] == big.data()[i]);
}

TEST_CASE("uniform, normal and Bernoulli have the right moments") {
  Rng rng(3);
  Tensor t = Tensor::empty({200000});
  rng.fill_uniform(t, -1.0f, 3.0f);
  double mean = 0, var = 0;
  for (float v : t.values()) mean += v;
  mean /= t.numel();
  for (float v : t.values()) var += (v - mean) * (v - mean);
  var /= t.numel();
  CHECK(mean == doctest::Approx(1.0).epsilon(0.01));
  CHECK(var == doctest::Approx(16.0 / 12).epsilon(0.01));  // (b-a)^2/12

  rng.fill_normal(t, 2.0f, 0.5f);
  mean = var = 0;
  for (float v : t.values()) mean += v;
  mean /= t.numel();
  for (float v : t.values()) var += (v - mean) * (v - mean);
  var /= t.numel();
  CHECK(mean == doctest::Approx(2.0).epsilon(0.005));
  CHECK(std::sqrt(var) == doctest::Approx(0.5).epsilon(0.01));

  rng.fill_bernoulli(t, 0.3f);
  double ones = 0;
  int64_t not_binary = 0;
  for (float v : t.values()) {
    not_binary += v != 0.0f && v != 1.0f;
    ones += v;
  }
  CHECK(not_binary == 0);
  CHECK(ones / t.numel() == doctest::Approx(0.3).epsilon(0.02));
}

TEST_CASE("below is in range and derived generators differ") {
  Rng rng(9);
  std::set<uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const uint64_t v = rng.below(5);
    CHECK(v < 5);
    seen.insert(v);
  }
  CHECK(seen.size() == 5);
  CHECK(rng.derive(1).next_u32() != rng.derive(2).next_u32());
  CHECK(rng.derive(1).next_u32() == rng.derive(1).next_u32());
}

TEST_CASE("the CPU's side-by-side Philox blocks equal philox_block, across a carry of the position") {
  // keys and streams with all bits in play; the second start crosses 2^32 within its lanes
  for (const uint64_t first : {uint64_t(0), uint64_t(0xFFFFFFF8u), uint64_t(0x12345678FFFFFFFFull)}) {
    CAPTURE(first);
    uint32_t words[4][kPhiloxLanes];
    philox_lanes(0xFEDCBA9876543210ull, 0x0123456789ABCDEFull, first, words);
    for (int l = 0; l < kPhiloxLanes; ++l) {
      const kernels::Philox4 b = kernels::philox_block(0xFEDCBA9876543210ull, 0x0123456789ABCDEFull, first + uint64_t(l));
      for (int k = 0; k < 4; ++k) CHECK(words[k][l] == b.v[k]);
    }
  }
}

TEST_CASE("fill_uniform gives element i word i % 4 of Philox block i / 4") {
  for (int64_t n : {1, 37, 64, 200}) {
    Tensor t = Tensor::empty({n});
    Rng rng(5, 9);
    rng.fill_uniform(t, -1.0f, 1.0f);
    for (int64_t i = 0; i < n; ++i) {
      const kernels::Philox4 b = kernels::philox_block(5, 9, static_cast<uint64_t>(i / 4));
      CHECK(t.data()[i] == -1.0f + 2.0f * kernels::uniform_from_bits(b.v[i % 4]));
    }
    CHECK(rng.state().position == static_cast<uint64_t>((n + 3) / 4));
  }
}
