// Losses: finite-difference gradients, closed-form values, the fused logit
// forms (equal to the unfused ones, stable at |z| ~ 100), bad labels and names.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "gradcheck.hpp"
#include "nn/activations.hpp"
#include "nn/losses.hpp"

using namespace tunet;

namespace {

using testing::uniform;

const Tensor kOneHot = Tensor::from({3, 4}, {0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1});
const Tensor kLabels = Tensor::from({3}, {1, 0, 3});

template <class Fn>
void check_gradient(Fn loss, Tensor input) {
  auto f = [&](const std::vector<Tensor>& in) { return loss(in[0]); };
  const auto result = testing::gradcheck(f, {input}, 1e-3);
  CHECK_MESSAGE(result.ok, result.worst);
}

std::string error_of(auto&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("gradients of the losses on probabilities") {
  const Tensor p = uniform({3, 4}, 0.1f, 0.9f, 3);
  check_gradient([](const Tensor& y) { return nn::categorical_crossentropy(y, kOneHot); }, p);
  check_gradient([](const Tensor& y) { return nn::sparse_categorical_crossentropy(y, kLabels); },
                 p);
  const Tensor targets = uniform({3, 4}, 0.0f, 1.0f, 4);
  check_gradient([&](const Tensor& y) { return nn::binary_crossentropy(y, targets); }, p);
  check_gradient([&](const Tensor& y) { return nn::mean_squared_error(y, targets); },
                 uniform({3, 4}, -2.0f, 2.0f, 5));
}

TEST_CASE("gradients of the fused logit forms") {
  const Tensor z = uniform({3, 4}, -3.0f, 3.0f, 6);
  check_gradient([](const Tensor& y) { return nn::softmax_cross_entropy_from_logits(y, kOneHot); },
                 z);
  check_gradient(
      [](const Tensor& y) { return nn::sparse_softmax_cross_entropy_from_logits(y, kLabels); }, z);
  const Tensor targets = uniform({3, 4}, 0.0f, 1.0f, 7);
  check_gradient(
      [&](const Tensor& y) { return nn::sigmoid_binary_crossentropy_from_logits(y, targets); }, z);
}

TEST_CASE("closed-form values") {
  const Tensor p = Tensor::from({2, 3}, {0.7f, 0.2f, 0.1f, 0.25f, 0.25f, 0.5f});
  const Tensor t = Tensor::from({2, 3}, {1, 0, 0, 0, 0, 1});
  // mean over the batch of -log p_label
  const double ce = -(std::log(0.7) + std::log(0.5)) / 2;
  CHECK(nn::categorical_crossentropy(p, t).item() == doctest::Approx(ce));
  CHECK(nn::sparse_categorical_crossentropy(p, Tensor::from({2}, {0, 2})).item() ==
        doctest::Approx(ce));
  CHECK(nn::loss("sparse_categorical_crossentropy", p, Tensor::from({2, 1}, {0, 2})).item() ==
        doctest::Approx(ce));
  // mean over all elements of (p - t)^2
  const double mse = (0.09 + 0.04 + 0.01 + 0.0625 + 0.0625 + 0.25) / 6;
  CHECK(nn::mean_squared_error(p, t).item() == doctest::Approx(mse));
  CHECK(nn::loss("mse", p, t).item() == doctest::Approx(mse));
  // -(t log p + (1 - t) log(1 - p)), mean over all elements
  double bce = 0;
  const auto pv = p.to_vector(), tv = t.to_vector();
  for (int i = 0; i < 6; ++i) bce -= tv[i] * std::log(pv[i]) + (1 - tv[i]) * std::log(1 - pv[i]);
  CHECK(nn::binary_crossentropy(p, t).item() == doctest::Approx(bce / 6));
  // a probability of 0 is clipped to 1e-7, not log(0)
  const Tensor zero = Tensor::from({1, 2}, {0.0f, 1.0f});
  CHECK(nn::categorical_crossentropy(zero, Tensor::from({1, 2}, {1, 0})).item() ==
        doctest::Approx(-std::log(1e-7)).epsilon(1e-4));
}

TEST_CASE("the fused forms equal loss(activation(z))") {
  const Tensor z = uniform({5, 7}, -4.0f, 4.0f, 8);
  const Tensor probs = nn::activation(z, "softmax");
  Tensor one_hot = Tensor::zeros({5, 7});
  const Tensor labels = Tensor::from({5}, {0, 6, 3, 3, 1});
  for (int r = 0; r < 5; ++r) one_hot.at({r, int64_t(labels.at({r}))}) = 1;
  CHECK(nn::loss_from_logits("categorical_crossentropy", z, one_hot).item() ==
        doctest::Approx(nn::categorical_crossentropy(probs, one_hot).item()).epsilon(1e-5));
  CHECK(nn::loss_from_logits("sparse_categorical_crossentropy", z, labels).item() ==
        doctest::Approx(nn::sparse_categorical_crossentropy(probs, labels).item()).epsilon(1e-5));
  const Tensor targets = uniform({5, 7}, 0.0f, 1.0f, 9);
  CHECK(nn::loss_from_logits("binary_crossentropy", z, targets).item() ==
        doctest::Approx(nn::binary_crossentropy(nn::activation(z, "sigmoid"), targets).item())
            .epsilon(1e-5));
  CHECK(nn::loss_fuses_with("categorical_crossentropy", "softmax"));
  CHECK(nn::loss_fuses_with("sparse_categorical_crossentropy", "softmax"));
  CHECK(nn::loss_fuses_with("binary_crossentropy", "sigmoid"));
  CHECK_FALSE(nn::loss_fuses_with("mean_squared_error", "softmax"));
  CHECK_FALSE(nn::loss_fuses_with("categorical_crossentropy", "relu"));
  CHECK(error_of([&] { nn::loss_from_logits("mse", z, targets); }).find("logits") !=
        std::string::npos);
}

TEST_CASE("the fused forms are stable at |z| ~ 100") {
  Tensor z = Tensor::from({2, 3}, {100, -100, 0, -100, 100, 50}).requires_grad_();
  Tensor loss = nn::sparse_softmax_cross_entropy_from_logits(z, Tensor::from({2}, {1, 1}));
  // row 0: lse = 100 + log(1 + e^-100 + e^-200) ~ 100, minus z = -100 -> 200; row 1: ~ e^-50 -> 0
  CHECK(loss.item() == doctest::Approx(100.0));
  loss.backward();
  for (float g : z.grad().to_vector()) CHECK(std::isfinite(g));
  CHECK(z.grad().at({0, 0}) == doctest::Approx(0.5));   // softmax 1 / batch 2
  CHECK(z.grad().at({0, 1}) == doctest::Approx(-0.5));  // (0 - 1) / 2
  const Tensor big = Tensor::from({1, 2}, {100, -100});
  CHECK(nn::sigmoid_binary_crossentropy_from_logits(big, Tensor::from({1, 2}, {0, 1})).item() ==
        doctest::Approx(100.0));
}

TEST_CASE("bad labels, shapes and names give clear errors") {
  const Tensor p = uniform({2, 10}, 0.1f, 0.9f, 1);
  std::string message = error_of([&] {
    nn::sparse_categorical_crossentropy(p, Tensor::from({2}, {3, 10}));
  });
  CHECK(message.find("label 10") != std::string::npos);
  CHECK(message.find("[0, 10)") != std::string::npos);
  CHECK(message.find("row 1") != std::string::npos);
  message = error_of([&] {
    nn::sparse_softmax_cross_entropy_from_logits(p, Tensor::from({2}, {-1, 0}));
  });
  CHECK(message.find("label -1") != std::string::npos);
  CHECK(!error_of([&] {
           nn::sparse_categorical_crossentropy(p, Tensor::from({2}, {1.5f, 0}));
         }).empty());
  CHECK(!error_of([&] {
           nn::sparse_categorical_crossentropy(p, Tensor::from({3}, {1, 0, 2}));
         }).empty());
  message = error_of([&] { nn::categorical_crossentropy(p, Tensor::zeros({2, 9})); });
  CHECK(message.find("(2, 9)") != std::string::npos);
  message = error_of([&] { nn::loss_function("categorical_cross_entropy"); });
  CHECK(message.find("'categorical_cross_entropy'") != std::string::npos);
  CHECK(message.find("sparse_categorical_crossentropy") != std::string::npos);
}
