// Initializers: Keras's distributions (glorot limit, truncated-normal standard
// deviation and cut), fans of Conv2D, reproducibility from the seed, errors.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "nn/conv2d.hpp"
#include "nn/initializers.hpp"

using namespace tunet;

namespace {

struct Moments {
  double mean = 0, stddev = 0, max_abs = 0;
};

Moments moments(const Tensor& t) {
  Moments m;
  for (float v : t.values()) m.mean += v;
  m.mean /= double(t.numel());
  for (float v : t.values()) {
    m.stddev += (v - m.mean) * (v - m.mean);
    m.max_abs = std::max(m.max_abs, double(std::fabs(v)));
  }
  m.stddev = std::sqrt(m.stddev / double(t.numel()));
  return m;
}

Tensor drawn(const std::string& initializer, int64_t fan_in, int64_t fan_out, uint64_t seed) {
  const nn::ParameterSpec spec{"kernel", {fan_in, fan_out}, initializer, fan_in, fan_out};
  Tensor t = Tensor::empty(spec.shape);
  Rng rng(seed);
  nn::initialize(t, spec, rng);
  return t;
}

}  // namespace

TEST_CASE("glorot_uniform: U(-l, l), l = sqrt(6 / (fan_in + fan_out))") {
  const Tensor t = drawn("glorot_uniform", 300, 200, 1);
  const double limit = std::sqrt(6.0 / 500);
  const Moments m = moments(t);
  CHECK(m.max_abs <= limit);
  CHECK(m.max_abs > 0.99 * limit);
  CHECK(m.stddev == doctest::Approx(limit / std::sqrt(3.0)).epsilon(0.02));  // sd of U(-l, l)
  CHECK(std::fabs(m.mean) < 0.002);
}

TEST_CASE("he_normal and lecun_normal: truncated at 2 sd', standard deviation as asked") {
  for (const auto& initializer : {std::pair{"he_normal", 2.0}, std::pair{"lecun_normal", 1.0}}) {
    const char* name = initializer.first;  // (named, not bound: clang 14 lambdas cannot capture bindings)
    const double variance_scale = initializer.second;
    CAPTURE(name);
    const int64_t fan_in = 200;
    const Tensor t = drawn(name, fan_in, 300, 2);
    const double sd = std::sqrt(variance_scale / double(fan_in));
    const Moments m = moments(t);
    CHECK(m.stddev == doctest::Approx(sd).epsilon(0.02));
    CHECK(m.max_abs <= 2 * sd / 0.87962566103423978 + 1e-6);  // the cut at 2 sd'
    CHECK(m.max_abs > 1.9 * sd / 0.87962566103423978);
    CHECK(std::fabs(m.mean) < 0.01 * sd * 10);
  }
}

TEST_CASE("zeros and ones") {
  CHECK(drawn("zeros", 3, 4, 3).to_vector() == std::vector<float>(12, 0.0f));
  CHECK(drawn("ones", 3, 4, 3).to_vector() == std::vector<float>(12, 1.0f));
}

TEST_CASE("the same seed reproduces, another seed does not") {
  CHECK(drawn("glorot_uniform", 20, 30, 7).to_vector() ==
        drawn("glorot_uniform", 20, 30, 7).to_vector());
  CHECK(drawn("he_normal", 20, 30, 7).to_vector() == drawn("he_normal", 20, 30, 7).to_vector());
  CHECK(drawn("he_normal", 20, 30, 7).to_vector() != drawn("he_normal", 20, 30, 8).to_vector());
}

TEST_CASE("Conv2D fans multiply by the window area") {
  nn::Conv2D conv(32, 3);
  conv.build({16, 13, 13});
  const auto specs = conv.parameter_specs();
  CHECK(specs[0].fan_in == 16 * 9);
  CHECK(specs[0].fan_out == 32 * 9);
  CHECK(specs[0].initializer == "glorot_uniform");
  CHECK(specs[1].initializer == "zeros");
}

TEST_CASE("unknown names, missing fans and wrong shapes are errors") {
  Rng rng(1);
  Tensor t = Tensor::empty({2, 2});
  try {
    nn::initialize(t, {"kernel", {2, 2}, "xavier", 2, 2}, rng);
    FAIL("expected an Error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("'xavier'") != std::string::npos);
    CHECK(std::string(e.what()).find("glorot_uniform") != std::string::npos);
  }
  CHECK_THROWS_AS(nn::initialize(t, {"kernel", {2, 2}, "he_normal", 0, 2}, rng), Error);
  CHECK_THROWS_AS(nn::initialize(t, {"kernel", {4}, "zeros", 2, 2}, rng), Error);
}
