// The core ops behind nn's layers and losses (core/nn_ops.hpp): finite-difference
// gradients of dense (every activation), activation (every kind), dropout and
// every loss; the dropout mask against Rng's own fill; count_correct against
// hand-counted cases; the families in the backend table; and every op on a fake
// GPU (tests/fake_device.hpp: host memory registered as CUDA with the CPU
// tables) giving the CPU's values and gradients bit for bit.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/nn_ops.hpp"
#include "core/ops.hpp"
#include "fake_device.hpp"
#include "gradcheck.hpp"

using namespace tunet;
using testing::uniform;

namespace {

ActivationKind kind_at(int i) { return static_cast<ActivationKind>(i); }

// Uniform in [-2, 2] but kept 0.05 away from 0, where relu-like kinks sit.
Tensor smooth_input(Shape shape, uint64_t seed) {
  Tensor x = uniform(std::move(shape), -2.0f, 2.0f, seed);
  for (float& v : x.values())
    if (std::fabs(v) < 0.05f) v = v < 0 ? -0.05f - v : 0.05f + v;
  return x;
}

constexpr LossKind kAllLosses[] = {
    LossKind::CategoricalCrossentropy,       LossKind::SparseCategoricalCrossentropy,
    LossKind::BinaryCrossentropy,            LossKind::MeanSquaredError,
    LossKind::SoftmaxCrossentropyFromLogits, LossKind::SparseSoftmaxCrossentropyFromLogits,
    LossKind::SigmoidBinaryCrossentropyFromLogits,
};

bool sparse(LossKind kind) {
  return kind == LossKind::SparseCategoricalCrossentropy || kind == LossKind::SparseSoftmaxCrossentropyFromLogits;
}

bool on_logits(LossKind kind) {
  return kind == LossKind::SoftmaxCrossentropyFromLogits || kind == LossKind::SparseSoftmaxCrossentropyFromLogits ||
         kind == LossKind::SigmoidBinaryCrossentropyFromLogits;
}

float count(LossKind kind, const Tensor& pred, const Tensor& target, bool logits = false) {
  return count_correct(kind, pred, target, logits).item();
}

const Device kGpu = Device::cuda();

std::string error_of(auto&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

// f on CPU copies and on fake-GPU copies of `inputs` (the first `grads` of them
// requiring grad): equal outputs, and equal gradients of sum(f(inputs) * w).
void check_same_on_gpu(const testing::TensorFunction& f, const std::vector<Tensor>& inputs, size_t grads) {
  testing::use_fake_gpu();
  std::vector<Tensor> cpu, gpu;
  for (size_t i = 0; i < inputs.size(); ++i) {
    cpu.push_back(inputs[i].clone().requires_grad_(i < grads));
    gpu.push_back(inputs[i].to(kGpu).requires_grad_(i < grads));
  }
  Tensor out_cpu = f(cpu), out_gpu = f(gpu);
  REQUIRE(out_gpu.device() == kGpu);
  CHECK(out_gpu.shape() == out_cpu.shape());
  CHECK(out_gpu.to_vector() == out_cpu.to_vector());
  const Tensor w = uniform(out_cpu.shape(), -1.0f, 1.0f, 11);
  tunet::sum(out_cpu * w).backward();
  tunet::sum(out_gpu * w.to(kGpu)).backward();
  for (size_t i = 0; i < grads; ++i) {
    CAPTURE(i);
    REQUIRE(gpu[i].grad().defined());
    CHECK(gpu[i].grad().device() == kGpu);
    CHECK(gpu[i].grad().to_vector() == cpu[i].grad().to_vector());
  }
}

}  // namespace

TEST_CASE("activation: every kind passes the finite-difference gradient check") {
  for (int i = 0; i < kActivationKinds; ++i) {
    CAPTURE(activation_kind_name(kind_at(i)));
    auto f = [&](const std::vector<Tensor>& in) { return activation(in[0], kind_at(i)); };
    const auto result = testing::gradcheck(f, {smooth_input({2, 3, 5}, 11 + i)}, 1e-3);
    CHECK_MESSAGE(result.ok, result.worst);
  }
}

TEST_CASE("activation: a tensor used twice gets both gradients") {
  Tensor x = smooth_input({2, 3}, 3).requires_grad_();
  Tensor y = activation(x, ActivationKind::Tanh);
  Tensor both = tunet::sum(activation(x, ActivationKind::Tanh) + y);
  both.backward();
  const auto xv = x.to_vector(), g = x.grad().to_vector();
  for (size_t i = 0; i < xv.size(); ++i) {
    const double t = std::tanh(double(xv[i]));
    CHECK(g[i] == doctest::Approx(2 * (1 - t * t)).epsilon(1e-5));
  }
}

TEST_CASE("activation_input_grad passes dy through for linear") {
  const Tensor dy = uniform({3, 4}, -1, 1, 5);
  CHECK(activation_input_grad(ActivationKind::Linear, Tensor(), dy, dy).same_storage(dy));
  // relu's gradient follows from y alone: z may be left out
  const Tensor z = smooth_input({3, 4}, 6);
  const Tensor y = activation(z, ActivationKind::Relu);
  const auto dz = activation_input_grad(ActivationKind::Relu, Tensor(), y, dy).to_vector();
  const auto zv = z.to_vector(), dyv = dy.to_vector();
  for (size_t i = 0; i < zv.size(); ++i) CHECK(dz[i] == (zv[i] > 0 ? dyv[i] : 0.0f));
  CHECK_THROWS_AS(activation_input_grad(ActivationKind::Gelu, Tensor(), y, dy), Error);
}

TEST_CASE("dense: every activation passes the finite-difference gradient check") {
  for (int i = 0; i < kActivationKinds; ++i) {
    CAPTURE(activation_kind_name(kind_at(i)));
    auto f = [&](const std::vector<Tensor>& in) { return dense(in[0], in[1], in[2], kind_at(i)); };
    const auto result = testing::gradcheck(
        f, {uniform({2, 3, 5}, -1, 1, 3), uniform({5, 4}, -1, 1, 4), uniform({4}, -0.5, 0.5, 5)}, 1e-3);
    CHECK_MESSAGE(result.ok, result.worst);
  }
}

TEST_CASE("dense: values, and the shapes in its errors") {
  const Tensor x = Tensor::from({2, 3}, {1, 2, 3, -1, 0, 1});
  const Tensor w = Tensor::from({3, 2}, {1, 0, 0, 1, 1, -1});
  const Tensor b = Tensor::from({2}, {0.5f, -4});
  // x W + b = [4.5, -5], [0.5, -5]
  CHECK(dense(x, w, b, ActivationKind::Linear).to_vector() == std::vector<float>{4.5f, -5, 0.5f, -5});
  CHECK(dense(x, w, b, ActivationKind::Relu).to_vector() == std::vector<float>{4.5f, 0, 0.5f, 0});
  try {
    dense(x, Tensor::zeros({4, 2}), b, ActivationKind::Relu);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("(4, 2)") != std::string::npos);
  }
}

TEST_CASE("dropout: gradient, and the mask Rng::fill_bernoulli gives") {
  auto f = [](const std::vector<Tensor>& in) {
    Rng fixed(21);  // the same mask on every call
    return dropout(in[0], 0.3, fixed);
  };
  const auto result = testing::gradcheck(f, {uniform({3, 7}, -1, 1, 22)});
  CHECK_MESSAGE(result.ok, result.worst);

  // Above the parallel threshold and with a ragged tail: the mask is
  // fill_bernoulli(1 - rate) / (1 - rate), and the Rng moves on as far.
  const double rate = 0.25;
  const Tensor x = Tensor::ones({3, 50001});
  Rng a(7, 3), b(7, 3);
  a.next_u32();  // a position and a partly used buffer, as a model's Rng has
  b.next_u32();
  const auto y = dropout(x, rate, a).to_vector();
  Tensor mask = Tensor::empty(x.shape());
  b.fill_bernoulli(mask, float(1 - rate));
  const float scale = float(1 / (1 - rate));
  const auto m = mask.to_vector();
  bool same = true;
  for (size_t i = 0; i < m.size(); ++i) same = same && y[i] == m[i] * scale;
  CHECK(same);
  CHECK(a.state().position == b.state().position);
  CHECK(a.next_u32() == b.next_u32());

  CHECK(dropout(x, 0, a).same_storage(x));
  CHECK_THROWS_AS(dropout(x, 1.0, a), Error);
}

TEST_CASE("Rng::reserve hands out the positions a fill would use") {
  Rng a(5), b(5);
  Tensor t = Tensor::empty({10});
  a.fill_uniform(t, 0, 1);
  const RngState at = b.reserve(10);
  CHECK(at.position == 0);
  CHECK(b.state().position == a.state().position);  // ceil(10 / 4) = 3 blocks
  CHECK(b.state().position == 3);
}

TEST_CASE("loss: every kind passes the finite-difference gradient check") {
  const Tensor labels = Tensor::from({3}, {1, 0, 3});
  const Tensor one_hot = Tensor::from({3, 4}, {0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1});
  const Tensor soft = uniform({3, 4}, 0.0f, 1.0f, 4);
  for (LossKind kind : kAllLosses) {
    CAPTURE(loss_kind_name(kind));
    const bool categorical =
        kind == LossKind::CategoricalCrossentropy || kind == LossKind::SoftmaxCrossentropyFromLogits;
    const Tensor target = sparse(kind) ? labels : categorical ? one_hot : soft;
    const Tensor pred = on_logits(kind) || kind == LossKind::MeanSquaredError ? uniform({3, 4}, -3.0f, 3.0f, 6)
                                                                              : uniform({3, 4}, 0.1f, 0.9f, 3);
    auto f = [&](const std::vector<Tensor>& in) { return loss(kind, in[0], target); };
    const auto result = testing::gradcheck(f, {pred}, 1e-3);
    CHECK_MESSAGE(result.ok, result.worst);
  }
}

TEST_CASE("loss: closed-form values, class ids of shape (N, 1), the gradient scaled by the upstream one") {
  const Tensor p = Tensor::from({2, 3}, {0.7f, 0.2f, 0.1f, 0.25f, 0.25f, 0.5f});
  const double ce = -(std::log(0.7) + std::log(0.5)) / 2;
  CHECK(loss(LossKind::SparseCategoricalCrossentropy, p, Tensor::from({2, 1}, {0, 2})).item() ==
        doctest::Approx(ce));
  CHECK(loss(LossKind::SparseCategoricalCrossentropy, p, Tensor::from({2, 1}, {0, 2})).shape() == Shape{});
  // lse(0, 0) - 0 = log 2 per row
  CHECK(loss(LossKind::SparseSoftmaxCrossentropyFromLogits, Tensor::zeros({2, 2}), Tensor::from({2}, {0, 1}))
            .item() == doctest::Approx(std::log(2.0)));

  Tensor z = Tensor::from({1, 2}, {0, 0}).requires_grad_();
  Tensor l = loss(LossKind::SparseSoftmaxCrossentropyFromLogits, z, Tensor::from({1}, {1})) * 3.0f;
  l.backward();
  CHECK(z.grad().to_vector() == std::vector<float>{1.5f, -1.5f});  // 3 (softmax - one_hot)
}

TEST_CASE("loss: errors name the loss and the bad value") {
  const Tensor p = uniform({2, 10}, 0.1f, 0.9f, 1);
  std::string m = error_of([&] { loss(LossKind::SparseCategoricalCrossentropy, p, Tensor::from({2}, {3, 10})); });
  CHECK(m.find("sparse_categorical_crossentropy") != std::string::npos);
  CHECK(m.find("label 10") != std::string::npos);
  CHECK(m.find("row 1") != std::string::npos);
  m = error_of([&] { loss(LossKind::MeanSquaredError, p, Tensor::zeros({2, 9})); });
  CHECK(m.find("(2, 9)") != std::string::npos);
  m = error_of([&] { loss(LossKind::SparseSoftmaxCrossentropyFromLogits, p, Tensor::zeros({3})); });
  CHECK(m.find("got shape (3,)") != std::string::npos);
}

TEST_CASE("count_correct: argmax against class ids or one-hot rows") {
  // rows' argmax: 1, 0, 2, 0 (row 3 ties between 0 and 2: the first counts)
  const Tensor pred = Tensor::from({4, 3}, {0.1f, 0.8f, 0.1f, 0.6f, 0.3f, 0.1f, 0.2f, 0.3f, 0.5f, 0.4f, 0.2f, 0.4f});
  const Tensor labels = Tensor::from({4}, {1, 1, 2, 2});  // right: rows 0 and 2
  CHECK(count(LossKind::SparseCategoricalCrossentropy, pred, labels) == 2);
  CHECK(count(LossKind::SparseSoftmaxCrossentropyFromLogits, pred, labels, true) == 2);
  CHECK(count(LossKind::SparseCategoricalCrossentropy, pred, Tensor::from({4, 1}, {1, 0, 2, 0})) == 4);
  const Tensor one_hot = Tensor::from({4, 3}, {0, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0});  // right: rows 0, 2, 3
  CHECK(count(LossKind::CategoricalCrossentropy, pred, one_hot) == 3);
  CHECK(count(LossKind::SoftmaxCrossentropyFromLogits, pred, one_hot, true) == 3);
  // mean squared error on several outputs: argmax too
  CHECK(count(LossKind::MeanSquaredError, pred, one_hot) == 3);
}

TEST_CASE("count_correct: binary outputs count the matching fraction per sample") {
  const Tensor targets = Tensor::from({3, 2}, {1, 0, 0, 0, 1, 1});
  // probabilities against 0.5: sample 0 both right, 1 one of two, 2 none
  const Tensor probs = Tensor::from({3, 2}, {0.9f, 0.2f, 0.7f, 0.5f, 0.5f, 0.1f});
  CHECK(count(LossKind::BinaryCrossentropy, probs, targets) == doctest::Approx(1.5));
  // logits against 0: the same decisions
  const Tensor logits = Tensor::from({3, 2}, {2.0f, -1.0f, 0.5f, 0.0f, 0.0f, -3.0f});
  CHECK(count(LossKind::SigmoidBinaryCrossentropyFromLogits, logits, targets, true) == doctest::Approx(1.5));
  // one output column without class ids is binary too (threshold 0.5 on probabilities)
  const Tensor one_column = Tensor::from({4, 1}, {0.9f, 0.4f, 0.6f, 0.1f});
  CHECK(count(LossKind::MeanSquaredError, one_column, Tensor::from({4, 1}, {1, 1, 0, 0})) == 2);
  CHECK(count(LossKind::CategoricalCrossentropy, one_column, Tensor::from({4, 1}, {1, 0, 1, 0})) == 4);
}

TEST_CASE("the families are in the backend table on the CPU") {
  for (const char* op : {"activation", "dense", "dropout", "loss"}) {
    CAPTURE(op);
    CHECK(supports(op, Device::CPU));
    const auto names = op_names();
    CHECK(std::find(names.begin(), names.end(), op) != names.end());
  }
}

TEST_CASE("on a fake GPU every op gives the CPU's values and gradients") {
  for (int i = 0; i < kActivationKinds; ++i) {
    CAPTURE(activation_kind_name(kind_at(i)));
    check_same_on_gpu([&](const std::vector<Tensor>& in) { return activation(in[0], kind_at(i)); },
                      {smooth_input({4, 6}, 40 + i)}, 1);
    check_same_on_gpu([&](const std::vector<Tensor>& in) { return dense(in[0], in[1], in[2], kind_at(i)); },
                      {uniform({5, 7}, -1, 1, 41), uniform({7, 3}, -1, 1, 42), uniform({3}, -1, 1, 43)}, 3);
  }
  check_same_on_gpu(
      [](const std::vector<Tensor>& in) {
        Rng fixed(9, 2);
        return dropout(in[0], 0.4, fixed);
      },
      {uniform({3, 70}, -1, 1, 44)}, 1);
  const Tensor labels = Tensor::from({3}, {1, 0, 3});
  const Tensor soft = uniform({3, 4}, 0.0f, 1.0f, 45);
  for (LossKind kind : kAllLosses) {
    CAPTURE(loss_kind_name(kind));
    const Tensor pred = on_logits(kind) ? uniform({3, 4}, -3.0f, 3.0f, 46) : uniform({3, 4}, 0.1f, 0.9f, 47);
    const Tensor target = sparse(kind) ? labels : soft;
    check_same_on_gpu([&](const std::vector<Tensor>& in) { return loss(kind, in[0], in[1]); }, {pred, target}, 1);
    const Tensor on_gpu = count_correct(kind, pred.to(kGpu), target.to(kGpu), on_logits(kind));
    CHECK(on_gpu.device() == kGpu);
    CHECK(on_gpu.item() == count(kind, pred, target, on_logits(kind)));
  }
}

TEST_CASE("on a fake GPU: mixed devices and a missing table are errors naming the op") {
  testing::use_fake_gpu();
  const Tensor x = uniform({2, 3}, -1, 1, 50), w = uniform({3, 2}, -1, 1, 51), b = Tensor::zeros({2});
  std::string message = error_of([&] { dense(x, w.to(kGpu), b, ActivationKind::Relu); });
  CHECK(message.find("dense") != std::string::npos);
  CHECK(message.find("different devices") != std::string::npos);
  message = error_of([&] { loss(LossKind::MeanSquaredError, x, x.to(kGpu)); });
  CHECK(message.find("mean_squared_error") != std::string::npos);
  {
    testing::WithoutTable<DenseKernels> without;
    CHECK_FALSE(supports("dense", kGpu));
    message = error_of([&] { dense(x.to(kGpu), w.to(kGpu), b.to(kGpu), ActivationKind::Relu); });
    CHECK(message.find("dense: not supported on cuda") != std::string::npos);
  }
  {
    testing::WithoutTable<DropoutKernels> without;
    Rng rng(1);
    message = error_of([&] { dropout(x.to(kGpu), 0.5, rng); });
    CHECK(message.find("dropout: not supported") != std::string::npos);
  }
  CHECK(supports("dense", kGpu));
}
