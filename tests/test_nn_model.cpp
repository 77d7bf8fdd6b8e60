// Sequential: summary, training on small synthetic sets, History, callbacks,
// save / load / resume (bit-identical), .npy export, and bad input.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/random.hpp"
#include "nn/nn.hpp"

using namespace tunet;
using namespace tunet::nn;

namespace {

// Three Gaussian blobs in 2-D (sd 0.5 around centers 3 apart); class ids as floats.
struct Data {
  Tensor x, y;
};

Data blobs(int64_t n, uint64_t seed) {
  const float centers[3][2] = {{0, 3}, {2.6f, -1.5f}, {-2.6f, -1.5f}};
  Rng rng(seed);
  Data d{Tensor::empty({n, 2}), Tensor::empty({n})};
  for (int64_t i = 0; i < n; ++i) {
    const auto c = static_cast<int>(i % 3);
    d.x.at({i, 0}) = centers[c][0] + 0.5f * static_cast<float>(rng.normal());
    d.x.at({i, 1}) = centers[c][1] + 0.5f * static_cast<float>(rng.normal());
    d.y.at({i}) = static_cast<float>(c);
  }
  return d;
}

Tensor one_hot(const Tensor& labels, int64_t classes) {
  Tensor out = Tensor::zeros({labels.dim(0), classes});
  for (int64_t i = 0; i < labels.dim(0); ++i) out.at({i, static_cast<int64_t>(labels.at({i}))}) = 1;
  return out;
}

// XOR in the plane: label 1 when x and y have the same sign.
Data xor_data(int64_t n, uint64_t seed) {
  Rng rng(seed);
  Data d{Tensor::empty({n, 2}), Tensor::empty({n, 1})};
  for (int64_t i = 0; i < n; ++i) {
    const auto a = static_cast<float>(rng.uniform(-1, 1));
    const auto b = static_cast<float>(rng.uniform(-1, 1));
    d.x.at({i, 0}) = a;
    d.x.at({i, 1}) = b;
    d.y.at({i, 0}) = (a > 0) == (b > 0) ? 1.0f : 0.0f;
  }
  return d;
}

Sequential blob_model(uint64_t seed = 3) {
  Sequential m({2}, seed);
  m.add(Dense(16, "relu"));
  m.add(Dropout(0.1));
  m.add(Dense(3, "softmax"));
  m.compile(Adam({.learning_rate = 0.01}), "sparse_categorical_crossentropy", {"accuracy"});
  return m;
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("tunet_test_nn_model_" + name)).string();
}

}  // namespace

TEST_CASE("summary of the optimizer grid's CNN: 108,618 trainable parameters") {
  Sequential m({1, 28, 28});
  m.add(Conv2D(16, 3, 1, "valid", "relu"));
  m.add(MaxPool2D(2));
  m.add(Dropout(0.0));
  m.add(Conv2D(32, 3, 1, "valid", "relu"));
  m.add(MaxPool2D(2));
  m.add(Flatten());
  m.add(Dense(128, "relu"));
  m.add(Dropout(0.0));
  m.add(Dense(10, "softmax"));
  CHECK(m.count_params() == 108618);
  const std::string s = m.summary();
  CHECK(s.find("Total params: 108,618\n") != std::string::npos);
  CHECK(s.find("Trainable params: 108,618\n") != std::string::npos);
  CHECK(s.find("Non-trainable params: 0\n") != std::string::npos);
  CHECK(s.find(" conv2d (Conv2D)             (None, 16, 26, 26)        160       \n") != std::string::npos);
  CHECK(s.find(" conv2d_1 (Conv2D)           (None, 32, 11, 11)        4640      \n") != std::string::npos);
  CHECK(s.find(" dense (Dense)               (None, 128)               102528    \n") != std::string::npos);
  CHECK(s.find(" dense_1 (Dense)             (None, 10)                1290      \n") != std::string::npos);
}

TEST_CASE("summary of the main job's MLP, line for line as Keras prints it") {
  Sequential m({784});
  m.add(Dropout(0.2));
  m.add(Dense(100, "relu"));
  m.add(Dropout(0.2));
  m.add(Dense(10, "softmax"));
  const std::string blank(65, ' ');
  const std::string expected =
      "Model: \"sequential\"\n" + std::string(65, '_') + "\n" +
      " Layer (type)                Output Shape              Param #   \n" + std::string(65, '=') + "\n" +
      " dropout (Dropout)           (None, 784)               0         \n" + blank + "\n" +
      " dense (Dense)               (None, 100)               78500     \n" + blank + "\n" +
      " dropout_1 (Dropout)         (None, 100)               0         \n" + blank + "\n" +
      " dense_1 (Dense)             (None, 10)                1010      \n" + std::string(65, '=') + "\n" +
      "Total params: 79,510\nTrainable params: 79,510\nNon-trainable params: 0\n" +
      std::string(65, '_') + "\n";
  CHECK(m.summary() == expected);
}

TEST_CASE("a long layer name wraps onto the next line as in Keras") {
  Sequential m({1, 8, 8});
  auto pool = MaxPool2D(2);
  pool.set_name("max_pooling2d_with_a_long_name");
  m.add(std::move(pool));
  const std::string s = m.summary();
  CHECK(s.find(" max_pooling2d_with_a_long_n  (None, 1, 4, 4)          0         \n") != std::string::npos);
  CHECK(s.find(" ame (MaxPool2D)") != std::string::npos);
}

TEST_CASE("blobs: softmax classifier reaches high accuracy; History holds every epoch") {
  const Data train = blobs(300, 1), test = blobs(150, 2);
  Sequential m = blob_model();
  const History h = m.fit(train.x, train.y,
                          {.epochs = 8, .batch_size = 16, .validation_data = {test.x, test.y}, .verbose = 0});
  CHECK(h.epochs == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7});
  for (const char* key : {"loss", "accuracy", "val_loss", "val_accuracy"}) {
    INFO(key);
    REQUIRE(h.history.count(key) == 1);
    CHECK(h.history.at(key).size() == 8);
  }
  CHECK(h.history.size() == 4);
  CHECK(h.history.at("loss").back() < h.history.at("loss").front());
  CHECK(h.history.at("val_accuracy").back() >= 0.95);
  CHECK(h.stop_reason.empty());
  CHECK(m.epochs_trained() == 8);

  const Logs scores = m.evaluate(test.x, test.y, 64);
  CHECK(scores.at("loss") == doctest::Approx(h.history.at("val_loss").back()).epsilon(1e-5));
  CHECK(scores.at("accuracy") == doctest::Approx(h.history.at("val_accuracy").back()));

  // predict returns probabilities (the softmax is applied) in inference mode.
  const Tensor p = m.predict(test.x, 64);
  REQUIRE(p.shape() == Shape{150, 3});
  for (int64_t i = 0; i < 150; i += 37)
    CHECK(p.at({i, 0}) + p.at({i, 1}) + p.at({i, 2}) == doctest::Approx(1.0));
  // Dropout is off in inference: the same input gives the same output.
  CHECK(m.predict(test.x, 64).to_vector() == p.to_vector());
}

TEST_CASE("one-hot labels with categorical_crossentropy and validation_split") {
  const Data d = blobs(300, 4);
  Sequential m({2}, 5);
  m.add(Dense(8, "tanh"));
  m.add(Dense(3, "softmax"));
  m.compile(RMSprop({.learning_rate = 0.01}), "categorical_crossentropy", {"acc"});
  const History h = m.fit(d.x, one_hot(d.y, 3), {.epochs = 6, .batch_size = 32, .validation_split = 0.2, .verbose = 0});
  CHECK(h.history.count("acc") == 1);
  CHECK(h.history.count("val_acc") == 1);
  CHECK(h.history.at("val_acc").back() >= 0.9);
}

TEST_CASE("XOR: a sigmoid output with binary cross-entropy learns it") {
  const Data d = xor_data(400, 6);
  Sequential m({2}, 7);
  m.add(Dense(16, "tanh"));
  m.add(Dense(1, "sigmoid"));
  m.compile(Adam({.learning_rate = 0.02}), "binary_crossentropy", {"accuracy"});
  const History h = m.fit(d.x, d.y, {.epochs = 60, .batch_size = 32, .verbose = 0});
  CHECK(h.history.at("accuracy").back() >= 0.95);
  const Tensor p = m.predict(d.x);
  CHECK(p.at({0, 0}) > 0.0f);
  CHECK(p.at({0, 0}) < 1.0f);
}

TEST_CASE("save -> load -> continue equals uninterrupted training, bit for bit") {
  set_num_threads(1);
  const Data d = blobs(240, 8);
  const FitOptions first{.epochs = 2, .batch_size = 32, .verbose = 0};
  const FitOptions all{.epochs = 4, .batch_size = 32, .verbose = 0};
  const FitOptions rest{.epochs = 4, .batch_size = 32, .initial_epoch = 2, .verbose = 0};

  Sequential uninterrupted = blob_model(11);
  uninterrupted.fit(d.x, d.y, all);

  Sequential before = blob_model(11);
  before.fit(d.x, d.y, first);
  const std::string path = temp_path("resume.tunet");
  before.save(path);
  Sequential resumed = Sequential::load(path);
  CHECK(resumed.epochs_trained() == 2);
  CHECK(resumed.optimizer()->iterations() == before.optimizer()->iterations());
  CHECK(resumed.get_weights() == before.get_weights());
  const History h = resumed.fit(d.x, d.y, rest);
  CHECK(h.epochs == std::vector<int>{2, 3});
  CHECK(resumed.get_weights() == uninterrupted.get_weights());
  CHECK(resumed.summary() == uninterrupted.summary());
  std::filesystem::remove(path);
  set_num_threads(0);
}

TEST_CASE("every optimizer's state survives save and load") {
  const Data d = blobs(60, 9);
  for (const std::string& name : optimizer_names()) {
    INFO(name);
    Sequential a({2}, 1);
    a.add(Dense(4, "relu"));
    a.add(Dense(3, "softmax"));
    a.compile(*make_optimizer(name, {{"learning_rate", 0.01}}), "sparse_categorical_crossentropy");
    a.fit(d.x, d.y, {.epochs = 1, .batch_size = 20, .verbose = 0});
    const std::string path = temp_path("opt.tunet");
    a.save(path);
    Sequential b = Sequential::load(path);
    CHECK(b.optimizer()->name() == a.optimizer()->name());
    CHECK(b.optimizer()->settings() == a.optimizer()->settings());
    CHECK(b.optimizer()->state().slots == a.optimizer()->state().slots);
    CHECK(b.optimizer()->iterations() == 3);
    std::filesystem::remove(path);
  }
}

TEST_CASE("load rejects foreign, truncated and corrupted files with a clear error") {
  Sequential m = blob_model();
  const std::string path = temp_path("good.tunet");
  m.save(path);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    bytes = s.str();
  }
  auto write = [](const std::string& p, const std::string& content) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << content;
  };
  const std::string bad = temp_path("bad.tunet");

  write(bad, "\x93NUMPY this is not a model");
  CHECK_THROWS_WITH_AS(Sequential::load(bad), doctest::Contains("not a tunet model file"), Error);

  write(bad, bytes.substr(0, bytes.size() - 10));
  CHECK_THROWS_WITH_AS(Sequential::load(bad), doctest::Contains("truncated"), Error);

  write(bad, bytes.substr(0, 60));
  CHECK_THROWS_AS(Sequential::load(bad), Error);

  std::string corrupted = bytes;
  corrupted[corrupted.size() - 5] ^= 0x40;
  write(bad, corrupted);
  CHECK_THROWS_WITH_AS(Sequential::load(bad), doctest::Contains("checksum"), Error);

  std::string unknown_layer = bytes;
  unknown_layer.replace(unknown_layer.find("layer Dense"), 11, "layer Dunce");
  write(bad, unknown_layer);
  CHECK_THROWS_WITH_AS(Sequential::load(bad), doctest::Contains("Dunce"), Error);

  std::string future = bytes;
  future.replace(0, 18, "tunet-sequential 9");
  write(bad, future);
  CHECK_THROWS_WITH_AS(Sequential::load(bad), doctest::Contains("version"), Error);

  CHECK_THROWS_WITH_AS(Sequential::load(temp_path("missing.tunet")), doctest::Contains("cannot open"),
                       Error);
  std::filesystem::remove(bad);
  std::filesystem::remove(path);
}

TEST_CASE("bad input: shapes, labels, NaN, names") {
  const Data d = blobs(30, 10);
  Sequential m = blob_model();
  // Wrong sample shape for the first layer.
  CHECK_THROWS_WITH_AS(m.fit(Tensor::zeros({30, 3}), d.y, {.verbose = 0}),
                       doctest::Contains("first layer"), Error);
  CHECK_THROWS_WITH_AS(m.predict(Tensor::zeros({5, 2, 1})), doctest::Contains("(5, 2, 1)"), Error);
  // Labels out of range and of the wrong count.
  Tensor labels = d.y.clone();
  labels.at({4}) = 3;
  CHECK_THROWS_WITH_AS(m.fit(d.x, labels, {.verbose = 0}), doctest::Contains("out of range"), Error);
  labels.at({4}) = 1.5f;
  CHECK_THROWS_AS(m.evaluate(d.x, labels), Error);
  CHECK_THROWS_WITH_AS(m.fit(d.x, Tensor::zeros({29}), {.verbose = 0}), doctest::Contains("30 samples"),
                       Error);
  // NaN in the inputs, named by sample.
  Tensor x = d.x.clone();
  x.at({7, 1}) = NAN;
  CHECK_THROWS_WITH_AS(m.fit(x, d.y, {.verbose = 0}), doctest::Contains("sample 7"), Error);
  // One-hot loss with class ids says what to use instead.
  Sequential c({2});
  c.add(Dense(3, "softmax"));
  c.compile(SGD(), "categorical_crossentropy");
  CHECK_THROWS_WITH_AS(c.fit(d.x, d.y, {.verbose = 0}), doctest::Contains("sparse_categorical_crossentropy"),
                       Error);
  // Unknown names.
  CHECK_THROWS_AS(c.compile(SGD(), "hinge_loss"), Error);
  CHECK_THROWS_WITH_AS(c.compile(SGD(), "mse", {"f1"}), doctest::Contains("unknown metric 'f1'"), Error);
  CHECK_THROWS_AS(make_optimizer("adamax"), Error);
  // Layers that do not fit the shapes, and adding after compile.
  Sequential s({1, 4, 4});
  CHECK_THROWS_AS(s.add(Conv2D(2, 5)), Error);
  CHECK_THROWS_WITH_AS(m.add(Dense(2)), doctest::Contains("before compile"), Error);
  // Training before compile.
  Sequential u({2});
  u.add(Dense(1));
  CHECK_THROWS_WITH_AS(u.fit(d.x, d.y), doctest::Contains("compile"), Error);
}

TEST_CASE("a NaN loss stops fit with an Error, or cleanly with TerminateOnNaN") {
  const Data d = blobs(90, 12);
  // Poison the weights after the third batch: the fourth batch's loss is NaN.
  auto poison = std::make_shared<LambdaCallback>(LambdaCallbackConfig{
      .on_batch_end = [](int batch, const Logs&, Sequential& model) {
        if (batch == 2)
          for (float& w : model.weights()) w = NAN;
      }});
  Sequential a = blob_model();
  CHECK_THROWS_WITH_AS(a.fit(d.x, d.y, {.epochs = 2, .batch_size = 10, .callbacks = {poison}, .verbose = 0}),
                       doctest::Contains("batch 4"), Error);

  Sequential b = blob_model();
  const History h = b.fit(d.x, d.y, {.epochs = 2, .batch_size = 10,
                                     .callbacks = {poison, std::make_shared<TerminateOnNaN>()}, .verbose = 0});
  CHECK(h.stop_reason.find("TerminateOnNaN") != std::string::npos);
  CHECK(h.epochs.empty());  // the first epoch never finished
}

TEST_CASE("EarlyStopping stops on a plateau and restores the best epoch's weights") {
  const Data train = blobs(150, 13);
  // Validation labels rotated by one class: the better the model fits the
  // training data, the worse val_loss gets, so the best epoch comes early.
  Data val = blobs(60, 14);
  for (int64_t i = 0; i < 60; ++i) val.y.at({i}) = std::fmod(val.y.at({i}) + 1.0f, 3.0f);

  std::vector<std::vector<float>> weights_after;
  auto record = std::make_shared<LambdaCallback>(LambdaCallbackConfig{
      .on_epoch_end = [&](int, const Logs&, Sequential& model) { weights_after.push_back(model.get_weights()); }});
  auto stop = std::make_shared<EarlyStopping>(
      EarlyStoppingConfig{.monitor = "val_loss", .patience = 2, .restore_best_weights = true});
  Sequential m = blob_model();
  const History h = m.fit(train.x, train.y,
                          {.epochs = 30, .batch_size = 16, .validation_data = {val.x, val.y},
                           .callbacks = {record, stop}, .verbose = 0});
  REQUIRE(stop->stopped_epoch() >= 0);
  CHECK(h.epochs.size() < 30);
  CHECK(h.stop_reason.find("EarlyStopping") != std::string::npos);
  CHECK(stop->stopped_epoch() == stop->best_epoch() + 2);
  const auto& val_loss = h.history.at("val_loss");
  CHECK(*std::min_element(val_loss.begin(), val_loss.end()) == stop->best());
  CHECK(m.get_weights() == weights_after.at(static_cast<size_t>(stop->best_epoch())));
  CHECK(m.get_weights() != weights_after.back());
}

TEST_CASE("EarlyStopping names a monitor that is not logged") {
  const Data d = blobs(30, 15);
  Sequential m = blob_model();
  auto stop = std::make_shared<EarlyStopping>(EarlyStoppingConfig{.monitor = "val_loss"});
  CHECK_THROWS_WITH_AS(m.fit(d.x, d.y, {.epochs = 1, .callbacks = {stop}, .verbose = 0}),
                       doctest::Contains("monitor 'val_loss' is not in the logs"), Error);
}

TEST_CASE("ModelCheckpoint and CSVLogger") {
  const Data d = blobs(90, 16);
  const std::string csv = temp_path("log.csv");
  const std::string best = temp_path("best.tunet");
  auto checkpoint = std::make_shared<ModelCheckpoint>(best, ModelCheckpointConfig{.monitor = "loss", .save_best_only = true});
  Sequential m = blob_model();
  const History h = m.fit(d.x, d.y, {.epochs = 3, .batch_size = 30,
                                     .callbacks = {checkpoint, std::make_shared<CSVLogger>(csv)}, .verbose = 0});
  CHECK(checkpoint->saves() >= 1);
  CHECK(Sequential::load(best).epochs_trained() >= 1);
  std::ifstream in(csv);
  std::string header, row;
  std::getline(in, header);
  CHECK(header == "epoch,accuracy,loss");
  int rows = 0;
  while (std::getline(in, row)) ++rows;
  CHECK(rows == 3);
  std::filesystem::remove(csv);
  std::filesystem::remove(best);
}

TEST_CASE("weights export to .npy files and import back") {
  Sequential m = blob_model(21);
  const std::string dir = temp_path("npy");
  m.export_weights(dir);
  CHECK(std::filesystem::exists(std::filesystem::path(dir) / "dense_kernel.npy"));
  CHECK(std::filesystem::exists(std::filesystem::path(dir) / "dense_1_bias.npy"));
  Sequential other = blob_model(22);
  CHECK(other.get_weights() != m.get_weights());
  other.import_weights(dir);
  CHECK(other.get_weights() == m.get_weights());
  // A file of the wrong shape is refused before anything changes.
  Sequential wider({2}, 1);
  wider.add(Dense(17, "relu"));
  wider.add(Dense(3, "softmax"));
  const std::vector<float> before = wider.get_weights();
  CHECK_THROWS_WITH_AS(wider.import_weights(dir), doctest::Contains("has shape (2, 16)"), Error);
  CHECK(wider.get_weights() == before);
  std::filesystem::remove_all(dir);
}

TEST_CASE("the same seed gives the same weights and the same training") {
  const Data d = blobs(60, 17);
  Sequential a = blob_model(5), b = blob_model(5), c = blob_model(6);
  CHECK(a.get_weights() == b.get_weights());
  CHECK(a.get_weights() != c.get_weights());
  a.fit(d.x, d.y, {.epochs = 1, .batch_size = 8, .verbose = 0});
  b.fit(d.x, d.y, {.epochs = 1, .batch_size = 8, .verbose = 0});
  CHECK(a.get_weights() == b.get_weights());
}

TEST_CASE("predict and evaluate give the same numbers on one thread and on two") {
  // Inference hands whole batches to the threads (each runs one-thread kernels),
  // so a thread count changes who computes a batch, not what it computes.
  Sequential m({1, 8, 8}, 2);
  m.add(Conv2D(8, 3, 1, "same", "relu"));  // direct path (1 channel)
  m.add(Conv2D(8, 3, 1, "same", "tanh"));  // Winograd path (8 channels)
  m.add(MaxPool2D(2));
  m.add(Flatten());
  m.add(Dense(3, "softmax"));
  m.compile(Adam(), "sparse_categorical_crossentropy", {"accuracy"});
  Tensor x = Tensor::empty({200, 1, 8, 8}), y = Tensor::empty({200});
  Rng rng(4);
  rng.fill_uniform(x, -1, 1);
  for (int64_t i = 0; i < 200; ++i) y.at({i}) = float(i % 3);
  set_num_threads(1);
  const Tensor p1 = m.predict(x, 16);
  const Logs e1 = m.evaluate(x, y, 16);
  set_num_threads(2);
  const Tensor p2 = m.predict(x, 16);
  const Logs e2 = m.evaluate(x, y, 16);
  set_num_threads(0);
  CHECK(p1.to_vector() == p2.to_vector());
  CHECK(e1.at("loss") == e2.at("loss"));
  CHECK(e1.at("accuracy") == e2.at("accuracy"));
}

TEST_CASE("progress output: Keras's bar and plain per-epoch lines") {
  CHECK(progress_bar(30, 30) == "[==============================]");
  CHECK(progress_bar(15, 30) == "[==============>...............]");
  CHECK(format_logs({{"val_loss", 0.39}, {"accuracy", 0.87}, {"loss", 0.41}, {"val_accuracy", 0.88}}) ==
        "loss: 0.4100 - accuracy: 0.8700 - val_loss: 0.3900 - val_accuracy: 0.8800");
  std::ostringstream out;
  Progress p(1, out, false);
  p.begin_epoch(2, 9, 1875);
  p.update(100, {{"loss", 1.0}});
  p.end_epoch({{"loss", 0.41}, {"accuracy", 0.87}});
  CHECK(out.str() ==
        "Epoch 3/9\n1875/1875 [==============================] - 0s - loss: 0.4100 - accuracy: 0.8700\n");
  std::ostringstream quiet;
  Progress silent(0, quiet, true);
  silent.begin_epoch(0, 1, 10);
  silent.end_epoch({{"loss", 1.0}});
  CHECK(quiet.str().empty());
}
