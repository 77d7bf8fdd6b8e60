// Activations: finite-difference gradients for every name, closed-form values,
// stability at |x| ~ 100, and the error for an unknown name.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/kernels/activations.hpp"
#include "gradcheck.hpp"
#include "nn/activations.hpp"

using namespace tunet;
namespace k = tunet::kernels;

namespace {

// Uniform in [-2, 2] but kept 0.05 away from 0, where relu-like kinks sit.
Tensor smooth_input(Shape shape, uint64_t seed) {
  Tensor x = Tensor::empty(shape);
  Rng rng(seed);
  rng.fill_uniform(x, -2.0f, 2.0f);
  for (float& v : x.values())
    if (std::fabs(v) < 0.05f) v = v < 0 ? -0.05f - v : 0.05f + v;
  return x;
}

float apply(const std::string& name, float value) {
  return nn::activation(Tensor::from({1}, {value}), name).item();
}

}  // namespace

TEST_CASE("every activation passes the finite-difference gradient check") {
  for (const std::string& name : nn::activation_names()) {
    CAPTURE(name);
    auto f = [&](const std::vector<Tensor>& in) { return nn::activation(in[0], name); };
    const auto result = testing::gradcheck(f, {smooth_input({3, 5}, 11)}, 1e-3);
    CHECK_MESSAGE(result.ok, result.worst);
  }
}

TEST_CASE("closed-form values") {
  CHECK(apply("linear", -3.5f) == -3.5f);
  CHECK(apply("relu", -1.0f) == 0.0f);
  CHECK(apply("relu", 2.0f) == 2.0f);
  CHECK(apply("leaky_relu", -1.0f) == doctest::Approx(-0.2));
  CHECK(apply("elu", -1.0f) == doctest::Approx(std::exp(-1.0) - 1));
  CHECK(apply("celu", -1.0f) == doctest::Approx(std::exp(-1.0) - 1));
  CHECK(apply("sigmoid", 1.0f) == doctest::Approx(0.7310585786300049));
  CHECK(apply("silu", 1.0f) == doctest::Approx(0.7310585786300049));
  CHECK(apply("swish", 1.0f) == doctest::Approx(0.7310585786300049));
  CHECK(apply("tanh", 0.5f) == doctest::Approx(std::tanh(0.5)));
  CHECK(apply("softplus", 0.0f) == doctest::Approx(std::log(2.0)));
  // SELU with Klambauer's constants: selu(1) = lambda, selu(-1) = lambda alpha (e^-1 - 1)
  CHECK(apply("selu", 1.0f) == doctest::Approx(1.0507009873554804934));
  CHECK(apply("selu", -1.0f) == doctest::Approx(-1.1113307378125625));
  // GELU: exact erf form and tanh approximation
  CHECK(apply("gelu", 1.0f) == doctest::Approx(0.8413447460685429).epsilon(1e-6));
  CHECK(apply("gelu", -1.0f) == doctest::Approx(-0.15865525393145707).epsilon(1e-6));
  CHECK(apply("gelu", 0.0f) == 0.0f);
  CHECK(apply("gelu_tanh", 1.0f) == doctest::Approx(0.8411919906082768).epsilon(1e-6));
}

TEST_CASE("no overflow at |x| ~ 100") {
  CHECK(apply("sigmoid", 100.0f) == 1.0f);
  const float tiny = apply("sigmoid", -100.0f);
  CHECK(std::isfinite(tiny));
  CHECK(tiny >= 0.0f);
  CHECK(tiny < 1e-40f);
  CHECK(apply("softplus", 100.0f) == doctest::Approx(100.0));
  CHECK(apply("softplus", -100.0f) == doctest::Approx(3.720075976020836e-44).epsilon(0.05));
  CHECK(std::isfinite(apply("silu", -100.0f)));
  CHECK(apply("elu", -100.0f) == doctest::Approx(-1.0));
  CHECK(k::sigmoid_grad(-100.0f, k::sigmoid(-100.0f)) >= 0.0f);

  const Tensor y =
      nn::activation(Tensor::from({2, 3}, {100, 0, -100, 1000, 1000, -1000}), "softmax");
  const auto v = y.to_vector();
  for (float p : v) CHECK(std::isfinite(p));
  CHECK(v[0] == doctest::Approx(1.0));
  CHECK(v[1] == doctest::Approx(std::exp(-100.0)).epsilon(1e-3));
  CHECK(v[3] == doctest::Approx(0.5));
  CHECK(v[4] == doctest::Approx(0.5));
  CHECK(v[5] == 0.0f);
}

TEST_CASE("softmax normalises along the last axis") {
  const Tensor y = nn::activation(smooth_input({2, 3, 4}, 5), "softmax");
  const auto v = y.to_vector();
  for (int row = 0; row < 6; ++row) {
    double total = 0;
    for (int i = 0; i < 4; ++i) total += v[row * 4 + i];
    CHECK(total == doctest::Approx(1.0));
  }
}

TEST_CASE("relu derivative at 0 is 0") {
  Tensor x = Tensor::from({3}, {0.0f, 1.0f, -1.0f}).requires_grad_();
  Tensor y = nn::activation(x, "relu");
  tunet::sum(y).backward();
  CHECK(x.grad().to_vector() == std::vector<float>{0.0f, 1.0f, 0.0f});
}

TEST_CASE("an unknown activation name lists the valid ones") {
  try {
    nn::parse_activation("rellu");
    FAIL("expected an Error");
  } catch (const Error& e) {
    const std::string message = e.what();
    CHECK(message.find("'rellu'") != std::string::npos);
    CHECK(message.find("leaky_relu") != std::string::npos);
    CHECK(message.find("softmax") != std::string::npos);
  }
  CHECK(nn::parse_activation("swish") == nn::ActivationKind::Silu);
  CHECK(nn::activation_name(nn::ActivationKind::GeluTanh) == "gelu_tanh");
}
