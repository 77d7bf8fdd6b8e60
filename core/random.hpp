#pragma once
// Rng: a counter-based generator (Philox-4x32-10, Salmon et al., SC 2011).
// The value at (seed, stream, position) is a pure function of the three, so
// the CPU and a GPU kernel draw the very same numbers, and a generator's
// state is three integers that a checkpoint can store.
#include <cstdint>

#include "core/tensor.hpp"

namespace tunet {

struct RngState {
  uint64_t seed = 0;
  uint64_t stream = 0;
  uint64_t position = 0;  // blocks of four 32-bit words already used
};

class Rng {
 public:
  explicit Rng(uint64_t seed = 0, uint64_t stream = 0) : state_{seed, stream, 0} {}
  explicit Rng(RngState state) : state_(state) {}

  // An independent generator for a sub-task (a layer, a trial, a fold).
  Rng derive(uint64_t stream) const;

  uint32_t next_u32();
  double uniform();                 // [0, 1)
  double uniform(double low, double high);
  double normal();                  // N(0, 1)
  uint64_t below(uint64_t n);       // uniform integer in [0, n)

  void fill_uniform(Tensor& t, float low, float high);
  void fill_normal(Tensor& t, float mean, float stddev);
  void fill_bernoulli(Tensor& t, float p_one);  // 1 with probability p_one, else 0

  // For a kernel that draws `count` values itself (element i: word i % 4 of
  // block position + i / 4, as the fills above): returns the state they start
  // at and moves this generator past them (ceil(count / 4) blocks).
  RngState reserve(int64_t count);

  const RngState& state() const { return state_; }

 private:
  RngState state_;
  uint32_t buffer_[4] = {};
  int buffered_ = 0;
};

}  // namespace tunet
