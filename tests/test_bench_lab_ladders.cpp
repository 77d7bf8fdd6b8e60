// The kernel lab's memory-bound and convolution ladders against their naive
// rungs, on small and odd sizes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "bench/lab/adam_ladder.hpp"
#include "bench/lab/conv_ladder.hpp"
#include "bench/lab/softmax_ladder.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "lab_test_helpers.hpp"

namespace lab = tunet::lab;
using tunet::lab_test::normwise_error, tunet::lab_test::random_tensor;

TEST_CASE("softmax + cross-entropy rungs agree with the naive one and with the formula") {
  for (const std::pair<int64_t, int64_t>& size : {std::pair<int64_t, int64_t>{1, 1}, {7, 3}, {33, 10}, {129, 1000}}) {
    const int64_t rows = size.first, classes = size.second;
    CAPTURE(rows);
    CAPTURE(classes);
    const tunet::Tensor z = random_tensor({rows, classes}, 1, 8.0f);
    std::vector<int32_t> labels(rows);
    for (int64_t r = 0; r < rows; ++r) labels[r] = static_cast<int32_t>((r * 5) % classes);
    std::vector<float> ref(rows * classes), dz(rows * classes);
    const double ref_loss = lab::softmax_naive(z.data(), labels.data(), ref.data(), rows, classes);
    // the formula in double: 1/B sum_r (lse(z_r) - z_r[y_r])
    double expected = 0.0;
    for (int64_t r = 0; r < rows; ++r) {
      double m = z.data()[r * classes], sum = 0.0;
      for (int64_t i = 0; i < classes; ++i) m = std::max(m, double(z.data()[r * classes + i]));
      for (int64_t i = 0; i < classes; ++i) sum += std::exp(z.data()[r * classes + i] - m);
      expected += m + std::log(sum) - z.data()[r * classes + labels[r]];
    }
    expected /= double(rows);
    CHECK(ref_loss == doctest::Approx(expected).epsilon(1e-5));
    for (const lab::SoftmaxRung& rung : lab::softmax_ladder()) {
      if (!rung.fn) continue;  // a peer library the build lacks (test_bench_lab_peers.cpp)
      CAPTURE(rung.name);
      const double loss = rung.fn(z.data(), labels.data(), dz.data(), rows, classes);
      CHECK(loss == doctest::Approx(expected).epsilon(1e-5));
      CHECK(normwise_error(dz.data(), ref.data(), rows * classes) < 1e-5);
    }
  }
}

TEST_CASE("every Adam rung takes the scalar rung's step") {
  for (int64_t n : {1, 7, 33, 129, 100003}) {
    CAPTURE(n);
    const tunet::Tensor p0 = random_tensor({n}, 2), m0 = random_tensor({n}, 3, 0.1f), g0 = random_tensor({n}, 4),
                        g1 = random_tensor({n}, 5);
    tunet::Tensor v0 = random_tensor({n}, 6, 0.1f);
    for (int64_t i = 0; i < n; ++i) v0.data()[i] *= v0.data()[i];
    const lab::AdamSettings settings{.step = 3};
    auto step = [&](lab::AdamFn fn) {
      tunet::Tensor p = p0.clone(), m = m0.clone(), v = v0.clone(), g = tunet::Tensor::empty({n});
      fn({p.data(), m.data(), v.data(), g0.data(), g1.data(), g.data(), n}, settings);
      return std::vector<tunet::Tensor>{p, m, v};
    };
    const auto ref = step(lab::adam_scalar);
    // The first element by hand: g = g0 + g1, m, v, then p.
    const float g = g0.data()[0] + g1.data()[0];
    const float m = 0.9f * m0.data()[0] + 0.1f * g, v = 0.999f * v0.data()[0] + 0.001f * g * g;
    const float bc1 = 1.0f - std::pow(0.9f, 3.0f), bc2 = 1.0f - std::pow(0.999f, 3.0f);
    CHECK(ref[0].data()[0] == doctest::Approx(p0.data()[0] - 1e-3f * (m / bc1) / (std::sqrt(v / bc2) + 1e-7f)).epsilon(1e-5));
    for (const lab::AdamRung& rung : lab::adam_ladder()) {
      if (!rung.fn) continue;  // a peer library the build lacks (test_bench_lab_peers.cpp)
      CAPTURE(rung.name);
      const auto got = step(rung.fn);
      for (int s = 0; s < 3; ++s) CHECK(normwise_error(got[s].data(), ref[s].data(), n) < 1e-6);
    }
  }
}

TEST_CASE("every convolution rung that applies matches the naive one; the others say why not") {
  // 1 channel (direct applies, Winograd not), 9 channels (Winograd applies), odd planes.
  struct Case {
    int64_t n, c, h, w, kernel, f;
  };
  for (const Case& s : {Case{2, 1, 7, 9, 5, 3}, Case{3, 9, 11, 13, 5, 4}, Case{1, 2, 5, 5, 3, 17}}) {
    CAPTURE(s.c);
    const tunet::Tensor x = random_tensor({s.n, s.c, s.h, s.w}, 7), w = random_tensor({s.kernel, s.kernel, s.c, s.f}, 8),
                        b = random_tensor({s.f}, 9);
    const tunet::Tensor ref = lab::conv_naive(x, w, b);
    CHECK(ref.shape() == tunet::Shape{s.n, s.f, s.h, s.w});
    int ran = 0;
    for (const lab::ConvRung& rung : lab::conv_ladder()) {
      if (!rung.fn) continue;  // a peer library the build lacks (test_bench_lab_peers.cpp)
      CAPTURE(rung.name);
      tunet::Tensor y;
      try {
        y = rung.fn(x, w, b);
      } catch (const tunet::Error& e) {
        // only a forced algorithm (tunet's or oneDNN's) may refuse a shape
        CHECK((rung.name.rfind("library_", 0) == 0 || rung.name.rfind("onednn_", 0) == 0));
        CHECK(std::string(e.what()).size() > 0);
        continue;
      }
      ++ran;
      CHECK(y.shape() == ref.shape());
      CHECK(normwise_error(y.data(), ref.data(), y.numel()) < 1e-5);
    }
    CHECK(ran >= 4);
  }
}

TEST_CASE("the CNN's layers are the training benchmark's") {
  const auto layers = lab::cnn_conv_layers();
  REQUIRE(layers.size() == 2);
  CHECK(layers[0].n == 128);
  CHECK(lab::conv_layer_dims(layers[1]).k == 5 * 5 * 16);
}
