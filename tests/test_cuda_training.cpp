// Training on the GPU against the CPU (needs a GPU; skipped with the reason
// without one): five steps of the Fashion-MNIST MLP and of the CNN of the
// Bayesian-optimisation example give the same losses on both devices within
// 1e-4, from the same seed, dropout masks included (the same Philox stream).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/random.hpp"
#include "nn/nn.hpp"

using namespace tunet;
using namespace tunet::nn;

namespace {

constexpr int kSteps = 5;
constexpr int64_t kBatch = 64;

// Image-like inputs in [0, 1) and one-hot labels of 10 classes.
struct Data {
  Tensor x, y;
};

Data random_images(Shape sample, uint64_t seed) {
  Shape shape = sample;
  shape.insert(shape.begin(), kSteps * kBatch);
  Data d{Tensor::empty(shape), Tensor::zeros({kSteps * kBatch, 10})};
  Rng rng(seed);
  rng.fill_uniform(d.x, 0.0f, 1.0f);
  for (int64_t i = 0; i < d.y.dim(0); ++i) d.y.at({i, static_cast<int64_t>(rng.below(10))}) = 1;
  return d;
}

Sequential mlp() {
  Sequential m({784}, 1);
  m.add(Dropout(0.2));
  m.add(Dense(100, "relu"));
  m.add(Dropout(0.2));
  m.add(Dense(10, "softmax"));
  m.compile(RMSprop({.learning_rate = 1e-3}), "categorical_crossentropy", {"accuracy"});
  return m;
}

Sequential cnn() {
  Sequential m({1, 28, 28}, 2);
  m.add(Conv2D(16, 5, 1, "same", "relu"));
  m.add(MaxPool2D(2));
  m.add(Conv2D(36, 5, 1, "same", "relu"));
  m.add(MaxPool2D(2));
  m.add(Flatten());
  m.add(Dense(128, "relu"));
  m.add(Dense(10, "softmax"));
  m.compile(Adam({.learning_rate = 1e-3}), "categorical_crossentropy", {"accuracy"});
  return m;
}

// The loss after each of kSteps steps (one epoch of kSteps batches, no shuffling).
std::vector<double> step_losses(Sequential model, const Data& data, Device device) {
  model.to(device);
  std::vector<double> losses;
  // (the batch logs hold the running mean over the epoch, as Keras's do)
  auto record = std::make_shared<LambdaCallback>(LambdaCallbackConfig{
      .on_batch_end = [&](int, const Logs& logs, Sequential&) { losses.push_back(logs.at("loss")); }});
  model.fit(data.x, data.y, {.epochs = 1, .batch_size = kBatch, .shuffle = false, .callbacks = {record}, .verbose = 0});
  return losses;
}

void check_same_losses(Sequential (*make_model)(), const Data& data) {
  const std::vector<double> cpu = step_losses(make_model(), data, Device::CPU);
  const std::vector<double> gpu = step_losses(make_model(), data, Device::cuda());
  REQUIRE(cpu.size() == kSteps);
  REQUIRE(gpu.size() == kSteps);
  for (int i = 0; i < kSteps; ++i) {
    CAPTURE(i);
    CHECK(std::fabs(cpu[i] - gpu[i]) <= 1e-4);
  }
}

}  // namespace

TEST_CASE("five steps of the MLP: the same losses on the GPU and the CPU") {
  check_same_losses(mlp, random_images({784}, 11));
}

TEST_CASE("five steps of the CNN: the same losses on the GPU and the CPU") {
  check_same_losses(cnn, random_images({1, 28, 28}, 12));
}
