// nn::deployed_size: closed-form sizes of small models, and agreement with what
// nn::export_c writes (MODEL_ARENA_BYTES and the const arrays' bytes), float
// and int8, for dense, convolutional and pooling models with every kind of
// activation placement.
#include <doctest/doctest.h>

#include <random>
#include <regex>

#include "core/error.hpp"
#include "nn/export/deployed_size.hpp"
#include "nn/export/export_c.hpp"
#include "nn/nn.hpp"

using namespace tunet;
using namespace tunet::nn;

namespace {

Sequential mlp(const std::string& hidden_activation, const std::string& output_activation) {
  Sequential m({784}, 1);
  m.add(Dense(16, hidden_activation));
  m.add(Dropout(0.1));
  m.add(Dense(10, output_activation));
  return m;
}

Sequential cnn() {
  Sequential m({1, 8, 8}, 2);
  m.add(Conv2D(4, 3, 1, "same", "relu"));
  m.add(MaxPool2D(2));
  m.add(Conv2D(6, 3, 2, "valid", "tanh"));
  m.add(Flatten());
  m.add(Dense(10, "softmax"));
  return m;
}

Sequential activation_first() {
  Sequential m({12}, 3);
  m.add(Activation("sigmoid"));
  m.add(Dense(8, "gelu"));
  m.add(Activation("relu"));
  m.add(Dense(3));
  return m;
}

// Ends in Dense(3) then Activation("softmax") (a float output layer) or Activation("relu") (a table).
Sequential softmax_layer_last(const std::string& last) {
  Sequential m({6}, 4);
  m.add(Dense(5, "elu"));
  m.add(Dense(3));
  m.add(Activation(last));
  return m;
}

Tensor random_inputs(Shape sample, int64_t n, uint64_t seed) {
  sample.insert(sample.begin(), n);
  Tensor x = Tensor::empty(sample);
  std::mt19937 gen{uint32_t(seed)};
  std::uniform_real_distribution<float> u(-2.0f, 2.0f);
  for (int64_t i = 0; i < x.numel(); ++i) x.data()[i] = u(gen);
  return x;
}

// The bytes of every `static const T name[N]` array in the exported C.
int64_t const_array_bytes(const std::string& source) {
  static const std::regex array(R"(static const (float|int8_t|int32_t) \w+\[(\d+)\])");
  int64_t bytes = 0;
  for (std::sregex_iterator it(source.begin(), source.end(), array), end; it != end; ++it) {
    const int64_t element = (*it)[1] == "int8_t" ? 1 : 4;
    bytes += element * std::stoll((*it)[2]);
  }
  return bytes;
}

}  // namespace

TEST_CASE("deployed size of an MLP in closed form") {
  const Sequential m = mlp("relu", "softmax");
  const DeployedSize f = deployed_size(m, Precision::Float32);
  CHECK(f.constant_bytes == 4 * (784 * 16 + 16 + 16 * 10 + 10));
  CHECK(f.arena_bytes == 16 * 4);  // the hidden layer's output; the input and output are the caller's
  CHECK(f.code_bytes == layer_code_bytes("base", Precision::Float32) +
                            layer_code_bytes("dense_more", Precision::Float32) +
                            layer_code_bytes("relu", Precision::Float32));
  CHECK(f.flash_bytes == f.code_bytes + f.constant_bytes);
  CHECK(f.ram_bytes == f.arena_bytes + kStackAllowanceBytes);

  const DeployedSize q = deployed_size(m, Precision::Int8);
  // Per channel: bias, multiplier, shift; the last layer is a float output layer: bias, scale.
  CHECK(q.constant_bytes == 784 * 16 + 9 * 16 + 16 * 10 + 8 * 10);
  CHECK(q.arena_bytes == 784 + 16);  // the quantised input and the hidden layer at once
  CHECK(q.flash_bytes < f.flash_bytes);
  CHECK(q.code_bytes == layer_code_bytes("base", Precision::Int8) + layer_code_bytes("dense_more", Precision::Int8));
  CHECK(layer_code_bytes("relu", Precision::Int8) == 0);  // ReLU is the int8 dense layer's clamp
}

TEST_CASE("code of a CNN: each kind's kernel once, each further layer its _more row") {
  const Precision p = Precision::Float32;
  CHECK(deployed_size(cnn(), p).code_bytes ==
        layer_code_bytes("base", p) + layer_code_bytes("conv2d", p) + layer_code_bytes("relu", p) +
            layer_code_bytes("maxpool2d", p) + layer_code_bytes("conv2d_more", p) + layer_code_bytes("tanh", p));
}

TEST_CASE("deployed size is the architecture's: a model before compile() has it") {
  Sequential m = mlp("tanh", "softmax");
  const DeployedSize before = deployed_size(m, Precision::Float32);
  m.compile(SGD({.learning_rate = 0.1}), "sparse_categorical_crossentropy");
  const DeployedSize after = deployed_size(m, Precision::Float32);
  CHECK(before.flash_bytes == after.flash_bytes);
  CHECK(before.ram_bytes == after.ram_bytes);
}

TEST_CASE("precision names") {
  CHECK(precision_from_name("int8") == Precision::Int8);
  CHECK(precision_from_name("float32") == Precision::Float32);
  CHECK(std::string(precision_name(Precision::Int8)) == "int8");
  CHECK_THROWS_WITH_AS(precision_from_name("fp16"), doctest::Contains("float32 or int8"), Error);
}

TEST_CASE("deployed size agrees with export_c: arena and const data, float and int8") {
  struct Case {
    const char* name;
    Sequential model;
  };
  Case cases[] = {{"mlp relu softmax", mlp("relu", "softmax")},
                  {"mlp sigmoid linear", mlp("sigmoid", "linear")},
                  {"cnn", cnn()},
                  {"activation first", activation_first()},
                  {"mlp ending in a table", mlp("tanh", "sigmoid")},
                  {"softmax layer last", softmax_layer_last("softmax")},
                  {"relu layer last", softmax_layer_last("relu")}};
  for (Case& c : cases) {
    CAPTURE(c.name);
    c.model.compile(SGD({.learning_rate = 0.1}), "mean_squared_error");
    const CExport f = export_c(c.model);
    const DeployedSize fs = deployed_size(c.model, Precision::Float32);
    CHECK(fs.arena_bytes == f.arena_bytes);
    CHECK(fs.constant_bytes == const_array_bytes(f.source));

    const CExport q = export_c(c.model, {.int8 = true, .calibration = random_inputs(c.model.input_shape(), 32, 5)});
    const DeployedSize qs = deployed_size(c.model, Precision::Int8);
    CHECK(qs.arena_bytes == q.arena_bytes);
    CHECK(qs.constant_bytes == const_array_bytes(q.source));
  }
}
