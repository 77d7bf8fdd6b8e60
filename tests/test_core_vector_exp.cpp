// The CPU's vectorisable exp (core/cpu/vector_exp.hpp) against std::exp, and
// the softmax cross-entropy rows built on it (core/cpu/softmax_cross_entropy.hpp)
// against hand-computed values, the formula in double, and the loss op on 1
// and 2 threads.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "core/cpu/softmax_cross_entropy.hpp"
#include "core/cpu/vector_exp.hpp"
#include "core/nn_ops.hpp"
#include "core/parallel.hpp"
#include "core/random.hpp"

using namespace tunet;

TEST_CASE("vector_exp is within 1.1 ulp of e^x over the normal floats, 0 and inf beyond") {
  double worst_ulp = 0.0;
  constexpr int64_t kSteps = 2000000;
  for (int64_t i = 0; i <= kSteps; ++i) {
    const float x = static_cast<float>(-87.3 + 176.0 * double(i) / double(kSteps));
    const double exact = std::exp(double(x));
    const float rounded = static_cast<float>(exact);
    const double ulp = double(std::nextafter(rounded, std::numeric_limits<float>::infinity()) - rounded);
    worst_ulp = std::max(worst_ulp, std::abs(double(cpu::vector_exp(x)) - exact) / ulp);
  }
  CHECK(worst_ulp < 1.1);
  CHECK(cpu::vector_exp(0.0f) == 1.0f);
  CHECK(cpu::vector_exp(1.0f) == doctest::Approx(2.718281828).epsilon(1e-7));
  CHECK(cpu::vector_exp(-1000.0f) == 0.0f);
  CHECK(cpu::vector_exp(-std::numeric_limits<float>::infinity()) == 0.0f);
  CHECK(std::isinf(cpu::vector_exp(89.0f)));
  CHECK(std::isinf(cpu::vector_exp(std::numeric_limits<float>::infinity())));
  CHECK(std::isnan(cpu::vector_exp(std::numeric_limits<float>::quiet_NaN())));
  CHECK(cpu::vector_exp(-100.0f) == doctest::Approx(std::exp(-100.0f)).epsilon(1e-3));  // subnormal
}

TEST_CASE("softmax cross-entropy rows by hand") {
  // z = (0, ln 3): softmax (1/4, 3/4); lse = ln 4
  const float z[2] = {0.0f, std::log(3.0f)};
  float d[2];
  CHECK(cpu::sparse_softmax_cross_entropy_row(z, 0, 2, 0.5f, d) == doctest::Approx(std::log(4.0)));
  CHECK(d[0] == doctest::Approx((0.25 - 1.0) * 0.5));
  CHECK(d[1] == doctest::Approx(0.75 * 0.5));
  // targets (1/2, 1/2): loss = ln 4 - ln 3 / 2; d = (1/4 - 1/2, 3/4 - 1/2)
  const float t[2] = {0.5f, 0.5f};
  CHECK(cpu::softmax_cross_entropy_row(z, t, 2, 1.0f, d) == doctest::Approx(std::log(4.0) - std::log(3.0) / 2));
  CHECK(d[0] == doctest::Approx(-0.25));
  CHECK(d[1] == doctest::Approx(0.25));
  // no gradient asked: the loss alone; a NaN logit makes a NaN loss
  CHECK(cpu::sparse_softmax_cross_entropy_row(z, 1, 2, 1.0f, nullptr) == doctest::Approx(std::log(4.0 / 3.0)));
  const float with_nan[3] = {1.0f, std::numeric_limits<float>::quiet_NaN(), 2.0f};
  CHECK(std::isnan(cpu::sparse_softmax_cross_entropy_row(with_nan, 0, 3, 1.0f, nullptr)));
}

TEST_CASE("softmax cross-entropy rows match the formula in double on long rows") {
  Rng gen(3);
  for (int64_t n : {1, 15, 17, 1000}) {
    CAPTURE(n);
    std::vector<float> z(n), t(n), d(n);
    for (int64_t i = 0; i < n; ++i) z[i] = float(gen.uniform(-8.0, 8.0)), t[i] = float(gen.uniform());
    double m = z[0], s = 0.0, t_sum = 0.0, tz = 0.0;
    for (float v : z) m = std::max(m, double(v));
    for (float v : z) s += std::exp(double(v) - m);
    for (int64_t i = 0; i < n; ++i) t_sum += t[i], tz += double(t[i]) * z[i];
    const int64_t label = n / 2;
    CHECK(cpu::sparse_softmax_cross_entropy_row(z.data(), label, n, 1.0f, d.data()) ==
          doctest::Approx(m + std::log(s) - z[label]).epsilon(1e-6));
    for (int64_t i = 0; i < n; ++i)
      CHECK(d[i] == doctest::Approx(std::exp(z[i] - m) / s - (i == label)).epsilon(1e-6).scale(1e-6));
    CHECK(cpu::softmax_cross_entropy_row(z.data(), t.data(), n, 1.0f, d.data()) ==
          doctest::Approx((m + std::log(s)) * t_sum - tz).epsilon(1e-5));
    // d_i = p_i t_sum - t_i cancels: its error is relative to the two terms, not to d_i.
    for (int64_t i = 0; i < n; ++i) {
      const double first = std::exp(z[i] - m) / s * t_sum;
      CHECK(d[i] == doctest::Approx(first - t[i]).epsilon(1e-5).scale(first + t[i]));
    }
  }
}

TEST_CASE("the softmax cross-entropy loss has the same bits on 1 and 2 threads") {
  // 64 x 1024 logits: above kParallelMinElements, so the rows are shared out
  Rng gen(4);
  Tensor z = Tensor::empty({64, 1024}), labels = Tensor::empty({64});
  gen.fill_uniform(z, -8.0f, 8.0f);
  for (int64_t r = 0; r < 64; ++r) labels.data_ptr()[r] = float((r * 37) % 1024);
  auto run = [&](int threads) {
    set_num_threads(threads);
    Tensor loss = Tensor::scalar(0.0f), saved = Tensor::empty(z.shape());
    LossKernels::cpu().forward(LossKind::SparseSoftmaxCrossentropyFromLogits, z, labels, loss, saved);
    set_num_threads(0);
    std::vector<float> out(saved.data_ptr(), saved.data_ptr() + saved.numel());
    out.push_back(*loss.data_ptr());
    return out;
  };
  const std::vector<float> one = run(1), two = run(2);
  CHECK(std::memcmp(one.data(), two.data(), one.size() * sizeof(float)) == 0);
}
