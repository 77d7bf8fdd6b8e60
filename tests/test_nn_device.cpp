// Sequential on a device: model.to(Device::cuda()) on the host-memory fake GPU
// (tests/fake_device.hpp) runs every device path of nn without a GPU. The fake
// device runs the CPU tables, so training there must give the CPU's numbers bit
// for bit, and its copy counters show what crosses between host and device.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>

#include "core/error.hpp"
#include "core/random.hpp"
#include "fake_device.hpp"
#include "nn/nn.hpp"

using namespace tunet;
using namespace tunet::nn;

namespace {

struct Data {
  Tensor x, y;  // y one-hot
};

// Four noisy classes of 12-feature samples, one-hot labels.
Data four_classes(int64_t n, uint64_t seed) {
  Rng rng(seed);
  Data d{Tensor::empty({n, 12}), Tensor::zeros({n, 4})};
  for (int64_t i = 0; i < n; ++i) {
    const int64_t c = i % 4;
    for (int64_t j = 0; j < 12; ++j)
      d.x.at({i, j}) = (j % 4 == c ? 1.5f : 0.0f) + 0.6f * static_cast<float>(rng.normal());
    d.y.at({i, c}) = 1;
  }
  return d;
}

Sequential mlp(const Optimizer& optimizer) {
  Sequential m({12}, 5);
  m.add(Dense(16, "relu"));
  m.add(Dropout(0.2));
  m.add(Dense(4, "softmax"));
  m.compile(optimizer, "categorical_crossentropy", {"accuracy"});
  return m;
}

// Images (N, 1, 8, 8) whose class is the bright quadrant; one-hot labels.
Data quadrants(int64_t n, uint64_t seed) {
  Rng rng(seed);
  Data d{Tensor::empty({n, 1, 8, 8}), Tensor::zeros({n, 4})};
  for (int64_t i = 0; i < n; ++i) {
    const int64_t c = i % 4;
    for (int64_t h = 0; h < 8; ++h)
      for (int64_t w = 0; w < 8; ++w)
        d.x.at({i, 0, h, w}) = ((h / 4) * 2 + w / 4 == c ? 1.0f : 0.0f) + 0.3f * static_cast<float>(rng.normal());
    d.y.at({i, c}) = 1;
  }
  return d;
}

Sequential cnn() {
  Sequential m({1, 8, 8}, 9);
  m.add(Conv2D(4, 3, 1, "same", "relu"));
  m.add(MaxPool2D(2));
  m.add(Conv2D(8, 3, 1, "same", "elu"));
  m.add(Flatten());
  m.add(Dense(4, "softmax"));
  m.compile(Adam({.learning_rate = 1e-2}), "categorical_crossentropy", {"accuracy"});
  return m;
}

std::string temp_path(const char* name) {
  return (std::filesystem::temp_directory_path() / (std::string("tunet_device_") + name)).string();
}

}  // namespace

TEST_CASE("an MLP trains on the fake GPU exactly as on the CPU, for every optimizer") {
  testing::use_fake_gpu();
  const Data data = four_classes(200, 1);
  const Data val = four_classes(64, 2);
  for (const std::string& name : optimizer_names()) {
    CAPTURE(name);
    const auto optimizer = make_optimizer(name, {{"clipnorm", 1.0}});
    Sequential on_cpu = mlp(*optimizer);
    Sequential on_gpu = mlp(*optimizer);
    on_gpu.to(Device::cuda());
    CHECK(on_gpu.device() == Device::cuda());
    const FitOptions fit{.epochs = 3, .batch_size = 32, .validation_data = {val.x, val.y}, .verbose = 0};
    const History a = on_cpu.fit(data.x, data.y, fit);
    const History b = on_gpu.fit(data.x, data.y, fit);
    CHECK(a.history == b.history);
    CHECK(on_cpu.get_weights() == on_gpu.get_weights());
    CHECK(on_cpu.predict(val.x).to_vector() == on_gpu.predict(val.x).to_vector());
    CHECK(on_cpu.evaluate(val.x, val.y) == on_gpu.evaluate(val.x, val.y));
  }
}

TEST_CASE("a CNN trains on the fake GPU exactly as on the CPU") {
  testing::use_fake_gpu();
  const Data data = quadrants(96, 3);
  Sequential on_cpu = cnn();
  Sequential on_gpu = cnn();
  on_gpu.to(Device::cuda(1));
  const FitOptions fit{.epochs = 2, .batch_size = 16, .verbose = 0};
  CHECK(on_cpu.fit(data.x, data.y, fit).history == on_gpu.fit(data.x, data.y, fit).history);
  CHECK(on_cpu.get_weights() == on_gpu.get_weights());
}

TEST_CASE("a training step uploads one batch and downloads one result") {
  testing::use_fake_gpu();
  const Data data = four_classes(160, 4);
  Sequential model = mlp(Adam());
  model.to(Device::cuda());
  testing::FakeTransfers& moved = testing::fake_transfers();
  for (bool with_accuracy : {true, false}) {
    CAPTURE(with_accuracy);
    if (!with_accuracy) model.compile(Adam(), "categorical_crossentropy");
    moved = {};
    model.fit(data.x, data.y, {.epochs = 1, .batch_size = 32, .verbose = 0});  // 5 steps
    CHECK(moved.host_to_device == 5);  // x and y together, once per step
    CHECK(moved.device_to_host == 5);  // the loss (with the correct count), once per step
  }
}

TEST_CASE("a model moves between devices and saves from either") {
  testing::use_fake_gpu();
  const Data data = four_classes(64, 5);
  Sequential model = mlp(RMSprop());
  model.fit(data.x, data.y, {.epochs = 1, .batch_size = 16, .verbose = 0});
  const std::vector<float> trained = model.get_weights();

  model.to(Device::cuda());
  CHECK(model.get_weights() == trained);
  CHECK_THROWS_WITH_AS(model.weights(), doctest::Contains("cuda:0"), Error);
  model.fit(data.x, data.y, {.epochs = 2, .batch_size = 16, .initial_epoch = 1, .verbose = 0});
  const std::string path = temp_path("model.tunet");
  model.save(path);
  Sequential loaded = Sequential::load(path);
  std::remove(path.c_str());
  CHECK(loaded.device() == Device::CPU);
  CHECK(loaded.get_weights() == model.get_weights());
  CHECK(loaded.optimizer()->iterations() == model.optimizer()->iterations());

  // Training on after the round trip continues as it would have on the device.
  model.to(Device::CPU);
  const FitOptions more{.epochs = 3, .batch_size = 16, .initial_epoch = 2, .verbose = 0};
  loaded.to(Device::cuda());
  CHECK(model.fit(data.x, data.y, more).history == loaded.fit(data.x, data.y, more).history);
  CHECK(model.get_weights() == loaded.get_weights());
}

TEST_CASE("restore_best_weights works on a device") {
  testing::use_fake_gpu();
  const Data data = four_classes(96, 6);
  const Data val = four_classes(32, 7);
  Sequential on_cpu = mlp(SGD({.learning_rate = 0.5}));
  Sequential on_gpu = mlp(SGD({.learning_rate = 0.5}));
  on_gpu.to(Device::cuda());
  auto run = [&](Sequential& m) {
    auto stop = std::make_shared<EarlyStopping>(
        EarlyStoppingConfig{.monitor = "val_loss", .patience = 1, .restore_best_weights = true});
    return m.fit(data.x, data.y,
                 {.epochs = 6, .batch_size = 16, .validation_data = {val.x, val.y}, .callbacks = {stop}, .verbose = 0});
  };
  CHECK(run(on_cpu).history == run(on_gpu).history);
  CHECK(on_cpu.get_weights() == on_gpu.get_weights());
}

TEST_CASE("device errors name the device and what is wrong") {
  testing::use_fake_gpu();
  const Data data = four_classes(8, 8);
  Sequential model = mlp(Adam());
  CHECK_THROWS_WITH_AS(model.to(Device::cuda(7)), doctest::Contains("cuda:7"), Error);
  model.to(Device::cuda());
  const Tensor on_device = data.x.to(Device::cuda());
  CHECK_THROWS_WITH_AS(model.predict(on_device), doctest::Contains("on the CPU"), Error);
}
