// The core optimizer step: every kind (with each flag combination) on a block
// split between threads equals the per-element update applied one element at
// a time; clipping by norm and by value; the slot counts; the size checks.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/kernels/optimizer_updates.hpp"
#include "core/optimizer_step.hpp"
#include "core/parallel.hpp"

using namespace tunet;

namespace {

// Scalars with every field set (each kind reads its own), in each combination
// of the flags the kind reads (kernels::kOptimizerKinds).
std::vector<UpdateScalars> variants(OptimizerKind kind) {
  const UpdateScalars base{.learning_rate = 0.01f, .beta_1 = 0.8f, .beta_2 = 0.9f, .epsilon = 1e-7f, .rho = 0.85f,
                           .momentum = 0.7f, .weight_decay = 0.1f, .bias_correction_1 = 0.2f,
                           .bias_correction_2 = 0.1f, .nadam_coef_g = 0.003f, .nadam_coef_m = 0.02f};
  const unsigned own = kernels::optimizer_kind_info(kind)->flags;
  std::vector<UpdateScalars> out;
  for (unsigned flags = 0; flags <= kernels::kAllUpdateFlags; ++flags) {
    if (flags & ~own) continue;
    UpdateScalars s = base;
    if (own & kernels::kCentered) s.centered = (flags & kernels::kCentered) != 0;
    if (own & kernels::kWithMomentum) s.momentum = (flags & kernels::kWithMomentum) ? 0.7f : 0.0f;
    if (own & kernels::kAmsgrad) s.amsgrad = (flags & kernels::kAmsgrad) != 0;
    out.push_back(s);
  }
  return out;
}

// The per-element update of element i, with its slots at slots[k * n + i]
// (each kind's closed form is pinned in tests/test_nn_optimizers.cpp).
void update_one(OptimizerKind kind, const UpdateScalars& s, float& p, float g, float* slots, int64_t n, int64_t i) {
  kernels::dispatch_optimizer(kind, kernels::update_flags(kind, s), [&](auto k, auto flags) {
    kernels::update_element<decltype(k)::value, decltype(flags)::value>(p, g, kernels::ElementSlots{slots, n, i}, s);
  });
}

// |a - b| <= 1e-6 (1 + |b|) everywhere: the loops may differ in the compiler's
// use of fused multiply-adds, not more.
int64_t mismatches(const std::vector<float>& a, const std::vector<float>& b) {
  int64_t count = 0;
  for (size_t i = 0; i < a.size(); ++i)
    count += !std::isfinite(a[i]) || !(std::fabs(a[i] - b[i]) <= 1e-6f * (1 + std::fabs(b[i])));
  return count;
}

// Every kind (each flag combination, with and without clipvalue) on an n-element block.
void check_every_kind(int64_t n) {
  std::vector<float> p0(n), g(n), s0;
  for (int64_t i = 0; i < n; ++i) {
    p0[i] = 0.001f * float(i % 1000) - 0.4f;
    g[i] = 0.01f * float(i % 7) - 0.03f;
  }
  for (const kernels::OptimizerKindInfo& info : kernels::kOptimizerKinds) {
    const OptimizerKind kind = info.kind;
    for (const UpdateScalars& base : variants(kind)) {
      for (float clipvalue : {0.0f, 0.02f}) {
        UpdateScalars s = base;
        s.clipvalue = clipvalue;
        const int slots = optimizer_slot_count(kind, s);
        INFO(optimizer_kind_name(kind), " n ", n, " slots ", slots, " centered ", s.centered, " momentum ",
             s.momentum, " clipvalue ", clipvalue);
        s0.assign(static_cast<size_t>(slots * n), 0.0f);
        // Slots from 0.01 up: v > a^2, so RMSprop's centered sqrt is real.
        for (size_t i = 0; i < s0.size(); ++i) s0[i] = 0.01f + 0.002f * float(i % 13);
        Tensor params = Tensor::from({n}, p0), grads = Tensor::from({n}, g);
        Tensor state = Tensor::from({slots * n}, s0);
        // Two steps, so that the state written by the first is read by the second.
        std::vector<float> p = p0, expected_state = s0;
        for (int step = 0; step < 2; ++step) {
          optimizer_step(kind, s, params, grads, state);
          for (int64_t i = 0; i < n; ++i)
            update_one(kind, s, p[i], kernels::clip_value(g[i], clipvalue), expected_state.data(), n, i);
        }
        CHECK(mismatches(params.to_vector(), p) == 0);
        CHECK(mismatches(state.to_vector(), expected_state) == 0);
      }
    }
  }
}

}  // namespace

TEST_CASE("optimizer_step: every kind equals the per-element update, on small and thread-split blocks") {
  check_every_kind(1001);
  check_every_kind(3 * kParallelMinElements + 17);
}

TEST_CASE("optimizer_step: clipnorm scales the whole block to the norm, then clipvalue clamps") {
  UpdateScalars s{.learning_rate = 1.0f, .clipnorm = 1.0f};
  Tensor params = Tensor::zeros({2});
  Tensor slots = Tensor::zeros({0});
  optimizer_step(OptimizerKind::SGD, s, params, Tensor::from({2}, {3.0f, -4.0f}), slots);  // norm 5
  CHECK(params.to_vector() == std::vector<float>{-0.6f, 0.8f});
  optimizer_step(OptimizerKind::SGD, s, params, Tensor::from({2}, {0.3f, 0.4f}), slots);  // norm 0.5: as is
  CHECK(params.at({0}) == doctest::Approx(-0.9));
  CHECK(params.at({1}) == doctest::Approx(0.4));
  s.clipvalue = 0.5f;
  params.fill(0);
  optimizer_step(OptimizerKind::SGD, s, params, Tensor::from({2}, {3.0f, -4.0f}), slots);
  CHECK(params.to_vector() == std::vector<float>{-0.5f, 0.5f});

  // A large block: the norm is one sum over every thread's part.
  const int64_t n = 4 * kParallelMinElements;
  Tensor big = Tensor::zeros({n});
  optimizer_step(OptimizerKind::SGD, {.learning_rate = 1.0f, .clipnorm = 2.0f}, big, Tensor::full({n}, 1.0f),
                 slots);
  // ||g|| = sqrt(n), so every element moves by 2 / sqrt(n).
  CHECK(big.at({n - 1}) == doctest::Approx(-2.0 / std::sqrt(double(n))));
}

TEST_CASE("optimizer_step: slot counts, and sizes that do not fit are errors") {
  CHECK(optimizer_slot_count(OptimizerKind::SGD, {}) == 0);
  CHECK(optimizer_slot_count(OptimizerKind::Momentum, {}) == 1);
  CHECK(optimizer_slot_count(OptimizerKind::RMSprop, {}) == 1);
  CHECK(optimizer_slot_count(OptimizerKind::RMSprop, {.momentum = 0.5f, .centered = true}) == 3);
  CHECK(optimizer_slot_count(OptimizerKind::Adam, {}) == 2);
  CHECK(optimizer_slot_count(OptimizerKind::Adam, {.amsgrad = true}) == 3);
  CHECK(optimizer_slot_count(OptimizerKind::Adadelta, {}) == 2);

  Tensor params = Tensor::zeros({4}), slots = Tensor::zeros({8});
  CHECK_THROWS_WITH_AS(optimizer_step(OptimizerKind::Adam, {}, params, Tensor::zeros({3}), slots),
                       "optimizer_step (Adam): 4 parameters, 3 gradients and 8 state values; expected 4 gradients "
                       "and 8 state values",
                       Error);
  CHECK_THROWS_WITH_AS(optimizer_step(OptimizerKind::Adam, {.amsgrad = true}, params, Tensor::zeros({4}), slots),
                       doctest::Contains("expected 4 gradients and 12 state values"), Error);
}
