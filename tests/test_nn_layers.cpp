// Layers: forward values against naive references, finite-difference
// gradients (Dense with every activation, Conv2D with strides 1 and 2 and both
// paddings, MaxPool2D, Dropout), shapes and parameter counts of the optimizer-grid
// CNN, the layer factory round trip and the errors for bad input.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"
#include "gradcheck.hpp"
#include "naive_conv.hpp"
#include "nn/nn.hpp"
#include "core/window.hpp"

using namespace tunet;

namespace {

using testing::check_close;
using testing::naive_conv2d;
using testing::uniform;

// Builds `layer` for `input`, binds freshly initialised parameters, returns them.
std::vector<Tensor> build_and_bind(nn::Layer& layer, const Shape& input, uint64_t seed = 1) {
  layer.build(input);
  std::vector<Tensor> parameters;
  Rng rng(seed);
  for (const auto& spec : layer.parameter_specs()) {
    Tensor t = Tensor::empty(spec.shape);
    nn::initialize(t, spec, rng);
    parameters.push_back(t);
  }
  layer.bind(parameters);
  return parameters;
}

int64_t parameter_count(const nn::Layer& layer) {
  int64_t total = 0;
  for (const auto& spec : layer.parameter_specs()) total += shape_numel(spec.shape);
  return total;
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

TEST_CASE("Dense forward equals x W + b, then the activation") {
  nn::Dense layer(3, "tanh");
  auto params = build_and_bind(layer, {4});
  params[1].copy_from(Tensor::from({3}, {0.1f, -0.2f, 0.3f}));
  const Tensor x = uniform({5, 4}, -1, 1, 2);
  const Tensor y = layer.forward(x, {});
  for (int64_t n = 0; n < 5; ++n)
    for (int64_t o = 0; o < 3; ++o) {
      double z = params[1].at({o});
      for (int64_t i = 0; i < 4; ++i) z += x.at({n, i}) * params[0].at({i, o});
      CHECK(y.at({n, o}) == doctest::Approx(std::tanh(z)).epsilon(1e-5));
    }
  CHECK(layer.output_shape() == Shape{3});
}

TEST_CASE("Dense gradients with every activation") {
  for (const std::string& name : nn::activation_names()) {
    CAPTURE(name);
    const auto kind = nn::parse_activation(name);
    auto f = [&](const std::vector<Tensor>& in) { return tunet::dense(in[0], in[1], in[2], kind); };
    const auto result = testing::gradcheck(
        f, {uniform({4, 5}, -1, 1, 3), uniform({5, 3}, -1, 1, 4), uniform({3}, -0.5, 0.5, 5)},
        1e-3);
    CHECK_MESSAGE(result.ok, result.worst);
  }
}

TEST_CASE("Dense on a rank-3 input applies to the last axis") {
  auto f = [](const std::vector<Tensor>& in) {
    return tunet::dense(in[0], in[1], in[2], nn::ActivationKind::Sigmoid);
  };
  const auto result = testing::gradcheck(
      f, {uniform({2, 3, 4}, -1, 1, 6), uniform({4, 2}, -1, 1, 7), uniform({2}, -1, 1, 8)}, 1e-3);
  CHECK_MESSAGE(result.ok, result.worst);
}

TEST_CASE("Conv2D forward equals a direct convolution") {
  struct Case {
    int64_t stride;
    const char* padding;
    int64_t kernel;
  };
  // 3 channels use the planes order of the im2col matrix, 9 the rows order (core/cpu/im2col.hpp)
  for (int64_t channels : {3, 9})
    for (const Case& c : {Case{1, "valid", 3}, Case{1, "same", 3}, Case{2, "valid", 3},
                          Case{2, "same", 3}, Case{1, "same", 5}, Case{2, "same", 4}}) {
      CAPTURE(channels);
      CAPTURE(c.stride);
      CAPTURE(c.padding);
      CAPTURE(c.kernel);
      const Tensor x = uniform({5, channels, 9, 8}, -1, 1, 10);
      const Tensor w = uniform({c.kernel, c.kernel, channels, 4}, -1, 1, 11);
      const Tensor b = uniform({4}, -1, 1, 12);
      check_close(tunet::conv2d(x, w, b, c.stride, c.padding, nn::ActivationKind::Linear),
                  naive_conv2d(x, w, b, c.stride, c.padding));
    }
}

TEST_CASE("Conv2D gradients: strides 1 and 2, valid and same, both im2col orders") {
  for (int64_t channels : {2, 8})
    for (int64_t stride : {1, 2})
      for (const char* padding : {"valid", "same"}) {
        CAPTURE(channels);
        CAPTURE(stride);
        CAPTURE(padding);
        auto f = [&](const std::vector<Tensor>& in) {
          return tunet::conv2d(in[0], in[1], in[2], stride, padding, nn::ActivationKind::Linear);
        };
        const auto result =
            testing::gradcheck(f,
                               {uniform({2, channels, 5, 4}, -1, 1, 13),
                                uniform({3, 3, channels, 2}, -1, 1, 14), uniform({2}, -1, 1, 15)},
                               1e-2);
        CHECK_MESSAGE(result.ok, result.worst);
      }
}

TEST_CASE("Conv2D on several threads equals Conv2D on one") {
  // large enough (> 2^20 multiply-adds) to run in parallel where threads exist
  const Tensor x0 = uniform({8, 8, 16, 16}, -1, 1, 30), w0 = uniform({3, 3, 8, 8}, -1, 1, 31);
  const Tensor b0 = uniform({8}, -1, 1, 32), dy = uniform({8, 8, 16, 16}, -1, 1, 33);
  auto run = [&](int threads) {
    set_num_threads(threads);
    Tensor x = x0.clone().requires_grad_(), w = w0.clone().requires_grad_(),
           b = b0.clone().requires_grad_();
    Tensor y = tunet::conv2d(x, w, b, 1, "same", nn::ActivationKind::Tanh);
    tunet::sum(y * dy).backward();
    set_num_threads(0);
    return std::vector<Tensor>{y, x.grad(), w.grad(), b.grad()};
  };
  const auto serial = run(1), parallel = run(2);
  for (size_t i = 0; i < serial.size(); ++i) check_close(parallel[i], serial[i], 1e-3);
  const Tensor expected = nn::activation(naive_conv2d(x0, w0, b0, 1, "same"), "tanh");
  check_close(serial[0], expected, 1e-4);
}

TEST_CASE("Conv2D gradients through a fused activation") {
  for (const char* name : {"tanh", "elu", "softmax"}) {
    CAPTURE(name);
    const auto kind = nn::parse_activation(name);
    auto f = [&](const std::vector<Tensor>& in) {
      return tunet::conv2d(in[0], in[1], in[2], 1, "same", kind);
    };
    const auto result =
        testing::gradcheck(f,
                           {uniform({2, 2, 4, 4}, -1, 1, 16), uniform({3, 3, 2, 3}, -0.5, 0.5, 17),
                            uniform({3}, -1, 1, 18)},
                           1e-3);
    CHECK_MESSAGE(result.ok, result.worst);
  }
}

TEST_CASE("MaxPool2D: values and gradient") {
  const Tensor x =
      Tensor::from({1, 1, 4, 4}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
  CHECK(tunet::max_pool2d(x, 2, 2, "valid").to_vector() == std::vector<float>{6, 8, 14, 16});
  CHECK(tunet::max_pool2d(x, 3, 2, "same").to_vector() == std::vector<float>{11, 12, 15, 16});
  CHECK(tunet::max_pool2d(x, 3, 1, "valid").to_vector() == std::vector<float>{11, 12, 15, 16});
  CHECK(tunet::max_pool2d(x, 3, 1, "same").to_vector() ==
        std::vector<float>{6, 7, 8, 8, 10, 11, 12, 12, 14, 15, 16, 16, 14, 15, 16, 16});
  struct Case {
    int64_t pool, stride;
    const char* padding;
  };
  for (const Case& c :
       {Case{2, 2, "valid"}, Case{2, 2, "same"}, Case{3, 1, "same"}, Case{3, 2, "valid"}}) {
    CAPTURE(c.pool);
    CAPTURE(c.stride);
    CAPTURE(c.padding);
    auto f = [&](const std::vector<Tensor>& in) {
      return tunet::max_pool2d(in[0], c.pool, c.stride, c.padding);
    };
    // distinct values (a permutation) so no window has a tie that h could flip
    Tensor input = Tensor::empty({2, 3, 5, 5});
    Rng rng(19);
    for (int64_t i = 0; i < input.numel(); ++i) input.data()[i] = float(i) * 0.1f;
    for (int64_t i = input.numel() - 1; i > 0; --i)
      std::swap(input.data()[i], input.data()[rng.below(i + 1)]);
    const auto result = testing::gradcheck(f, {input}, 1e-2);
    CHECK_MESSAGE(result.ok, result.worst);
  }
}

TEST_CASE("Dropout: inverted scaling in training, identity in inference") {
  nn::Dropout layer(0.25);
  layer.build({1000});
  const Tensor x = Tensor::ones({4, 1000});
  Rng rng(20);
  const Tensor y = layer.forward(x, {.training = true, .rng = &rng});
  int64_t zeros = 0;
  double total = 0;
  for (float v : y.values()) {
    if (v == 0.0f)
      ++zeros;
    else
      CHECK(v == doctest::Approx(1.0 / 0.75));
    total += v;
  }
  CHECK(double(zeros) / 4000 == doctest::Approx(0.25).epsilon(0.1));
  CHECK(total / 4000 == doctest::Approx(1.0).epsilon(0.05));
  const Tensor same = layer.forward(x, {.training = false});
  CHECK(same.same_storage(x));
  CHECK(error_of([&] { layer.forward(x, {.training = true}); }).find("Rng") != std::string::npos);
  CHECK(!error_of([] { nn::Dropout(1.0); }).empty());

  auto f = [](const std::vector<Tensor>& in) {
    Rng fixed(21);  // the same mask on every call
    return tunet::dropout(in[0], 0.5, fixed);
  };
  const auto result = testing::gradcheck(f, {uniform({3, 7}, -1, 1, 22)});
  CHECK_MESSAGE(result.ok, result.worst);
}

TEST_CASE("Flatten and Activation layers") {
  nn::Flatten flatten;
  CHECK(flatten.build({3, 4, 5}) == Shape{60});
  Tensor x = uniform({2, 3, 4, 5}, -1, 1, 23).requires_grad_();
  Tensor y = flatten.forward(x, {});
  CHECK(y.shape() == Shape{2, 60});
  CHECK(y.at({1, 7}) == x.at({1, 0, 1, 2}));

  nn::Activation softmax("softmax");
  softmax.build({4});
  const Tensor z = uniform({2, 4}, -1, 1, 24);
  check_close(softmax.forward(z, {}), nn::activation(z, "softmax"), 1e-7);
  CHECK(softmax.forward(z, {.output_logits = true}).same_storage(z));
}

TEST_CASE("output_logits skips the final activation") {
  nn::Dense dense(3, "softmax");
  build_and_bind(dense, {4});
  const Tensor x = uniform({2, 4}, -1, 1, 25);
  const Tensor logits = dense.forward(x, {.output_logits = true});
  check_close(dense.forward(x, {}), nn::activation(logits, "softmax"), 1e-6);
  nn::Conv2D conv(2, 3, 1, "same", "sigmoid");
  build_and_bind(conv, {1, 4, 4});
  const Tensor image = uniform({1, 1, 4, 4}, -1, 1, 26);
  check_close(conv.forward(image, {}),
              nn::activation(conv.forward(image, {.output_logits = true}), "sigmoid"), 1e-6);
}

TEST_CASE("optimizer-grid CNN: output shapes and parameter counts") {
  nn::Conv2D conv1(16, 3, 1, "valid", "relu");
  nn::MaxPool2D pool1(2);
  nn::Conv2D conv2(32, 3, 1, "valid", "relu");
  nn::MaxPool2D pool2(2);
  nn::Flatten flatten;
  nn::Dense dense1(128, "relu");
  nn::Dense dense2(10, "softmax");
  Shape shape{1, 28, 28};
  shape = conv1.build(shape);
  CHECK(shape == Shape{16, 26, 26});
  shape = pool1.build(shape);
  CHECK(shape == Shape{16, 13, 13});
  shape = conv2.build(shape);
  CHECK(shape == Shape{32, 11, 11});
  shape = pool2.build(shape);
  CHECK(shape == Shape{32, 5, 5});
  shape = flatten.build(shape);
  CHECK(shape == Shape{800});
  shape = dense1.build(shape);
  dense2.build(shape);
  CHECK(parameter_count(conv1) == 160);
  CHECK(parameter_count(conv2) == 4640);
  CHECK(parameter_count(dense1) == 102528);
  CHECK(parameter_count(dense2) == 1290);
  CHECK(parameter_count(pool1) + parameter_count(flatten) == 0);
}

TEST_CASE("a small CNN trains end to end through every layer") {
  nn::Conv2D conv(4, 3, 1, "same", "relu");
  nn::MaxPool2D pool(2);
  nn::Flatten flatten;
  nn::Dense dense(3, "softmax");
  std::vector<Tensor> params;
  for (auto& t : build_and_bind(conv, {1, 6, 6}, 2)) params.push_back(t);
  build_and_bind(pool, {4, 6, 6});
  flatten.build({4, 3, 3});
  for (auto& t : build_and_bind(dense, {36}, 3)) params.push_back(t);
  for (auto& p : params) p.requires_grad_();
  const Tensor x = uniform({6, 1, 6, 6}, 0, 1, 27);
  const Tensor labels = Tensor::from({6}, {0, 1, 2, 0, 1, 2});
  auto loss_value = [&](bool train) {
    Tensor logits = dense.forward(flatten.forward(pool.forward(conv.forward(x, {}), {}), {}),
                                  {.output_logits = true});
    Tensor loss = nn::loss_from_logits("sparse_categorical_crossentropy", logits, labels);
    if (train) {
      loss.backward();
      for (auto& p : params) {
        float* v = p.data();
        const float* g = p.grad().data();
        for (int64_t i = 0; i < p.numel(); ++i) v[i] -= 0.5f * g[i];  // plain gradient descent
        p.zero_grad();
      }
    }
    return loss.item();
  };
  const float before = loss_value(false);
  for (int step = 0; step < 30; ++step) loss_value(true);
  CHECK(loss_value(false) < 0.5f * before);
}

TEST_CASE("wrong input shapes name the layer and both shapes") {
  nn::Dense dense(10);
  build_and_bind(dense, {784});
  std::string message = error_of([&] { dense.forward(Tensor::zeros({2, 785}), {}); });
  CHECK(message.find("Dense") != std::string::npos);
  CHECK(message.find("(-1, 784)") != std::string::npos);
  CHECK(message.find("(2, 785)") != std::string::npos);
  nn::Conv2D conv(4, 3);
  build_and_bind(conv, {1, 28, 28});
  CHECK(!error_of([&] { conv.forward(Tensor::zeros({2, 784}), {}); }).empty());
  CHECK(!error_of([] { nn::Conv2D(4, 5).build({1, 3, 3}); }).empty());  // valid window too large
  CHECK(error_of([] { nn::Conv2D(4, 3, 1, "full"); }).find("'full'") != std::string::npos);
  nn::Dense unbound(3);
  unbound.build({2});
  CHECK(error_of([&] {
          unbound.forward(Tensor::zeros({1, 2}), {});
        }).find("bind") != std::string::npos);
}

TEST_CASE("layer factory: round trip and errors") {
  std::vector<std::unique_ptr<nn::Layer>> layers;
  layers.push_back(std::make_unique<nn::Dense>(100, "relu"));
  layers.push_back(std::make_unique<nn::Conv2D>(36, 5, 2, "same", "gelu"));
  layers.push_back(std::make_unique<nn::MaxPool2D>(3, 2, "same"));
  layers.push_back(std::make_unique<nn::Dropout>(0.123456789));
  layers.push_back(std::make_unique<nn::Flatten>());
  layers.push_back(std::make_unique<nn::Activation>("swish"));
  for (const auto& layer : layers) {
    CAPTURE(layer->type());
    const auto again = nn::make_layer(layer->type(), layer->config());
    CHECK(again->type() == layer->type());
    CHECK(again->config() == layer->config());
  }
  const auto dense = nn::make_layer("dense", {{"units", "7"}, {"name", "head"}});
  CHECK(dense->name() == "head");
  CHECK(dense->config().at("activation") == "linear");
  CHECK(nn::make_layer("MaxPooling2D", {})->config().at("strides") == "2");
  CHECK(nn::Dropout(0.2).config().at("rate") == "0.2");

  std::string message = error_of([] { nn::make_layer("Transformer", {}); });
  CHECK(message.find("'Transformer'") != std::string::npos);
  CHECK(message.find("Conv2D") != std::string::npos);
  CHECK(error_of([] { nn::make_layer("Dense2", {}); }) == "unknown layer type 'Dense2' (did you mean 'Dense'?)");
  message = error_of([] { nn::make_layer("Dense", {{"units", "4"}, {"unit", "4"}}); });
  CHECK(message.find("'unit'") != std::string::npos);
  CHECK(error_of([] { nn::make_layer("Dense", {}); }).find("'units'") != std::string::npos);
  CHECK(error_of([] {
          nn::make_layer("Dense", {{"units", "4x"}});
        }).find("integer") != std::string::npos);
  CHECK(error_of([] {
          nn::make_layer("Dropout", {{"rate", "half"}});
        }).find("number") != std::string::npos);
  CHECK(error_of([] {
          nn::make_layer("Activation", {{"activation", "foo"}});
        }).find("'foo'") != std::string::npos);
}

TEST_CASE("clone keeps the configuration and build, binds no weights") {
  nn::Dense dense(5, "relu");
  build_and_bind(dense, {3});
  const auto copy = dense.clone();
  CHECK(copy->config() == dense.config());
  CHECK(copy->output_shape() == dense.output_shape());
  CHECK(!static_cast<nn::Dense&>(*copy).kernel().defined());
}
