// nn::export_c: the exported C, compiled with the host C compiler under the
// strict freestanding flags and run, against Sequential::predict (float: max abs
// difference <= 1e-5) and against the C++ int8 reference (int8: exactly), for
// every layer kind, activation, padding and stride; and the refusals.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>

#include "core/error.hpp"
#include "core/ops.hpp"
#include "nn/export/export_plan.hpp"
#include "nn/export/int8_reference.hpp"
#include "nn/nn.hpp"
#include "fresh_dir.hpp"
#include "test_nn_export_harness.hpp"

using namespace tunet;
using namespace tunet::nn;
namespace fs = std::filesystem;

namespace {

// Every parameter (biases included) uniform in [-scale, scale], from `seed`.
void randomize(Sequential& model, uint64_t seed, float scale = 0.5f) {
  std::mt19937 gen{uint32_t(seed)};
  std::uniform_real_distribution<float> u(-scale, scale);
  for (float& v : model.weights()) v = u(gen);
}

Tensor random_inputs(Shape sample, int64_t n, uint64_t seed, float low = -3.0f, float high = 3.0f) {
  sample.insert(sample.begin(), n);
  Tensor x = Tensor::empty(sample);
  std::mt19937 gen{uint32_t(seed)};
  std::uniform_real_distribution<float> u(low, high);
  for (int64_t i = 0; i < x.numel(); ++i) x.data()[i] = u(gen);
  return x;
}

double max_abs_diff(const Tensor& expected, const std::vector<float>& actual) {
  REQUIRE(size_t(expected.numel()) == actual.size());
  double worst = 0;
  for (size_t i = 0; i < actual.size(); ++i)
    worst = std::max(worst, std::fabs(double(expected.data()[i]) - double(actual[i])));
  return worst;
}

// The float export of `model` run as C on x: max |C - predict|.
double float_export_error(Sequential& model, const Tensor& x, const std::string& dir) {
  const Tensor expected = model.predict(x);
  const CExport c = export_c(model);
  return max_abs_diff(expected, testing::compile_and_run(c, testing::fresh_dir(dir), x).outputs);
}

// The int8 export of `model` calibrated on `calibration`, run as C on x: every
// sample's quantised input and last int8 tensor equal the C++ reference's.
void check_int8_export(Sequential& model, const Tensor& calibration, const Tensor& x, const std::string& dir) {
  const CExport c = export_c(model, {.int8 = true, .calibration = calibration});
  const testing::CRun run = testing::compile_and_run(c, testing::fresh_dir(dir), x);
  const ExportPlan plan = plan_export(model);
  const int64_t n = x.shape()[0], in_size = x.numel() / n;
  int mismatches = 0;
  for (int64_t i = 0; i < n; ++i) {
    std::vector<int8_t> q(static_cast<size_t>(in_size));
    for (int64_t j = 0; j < in_size; ++j) q[size_t(j)] = quantize_value(x.data()[i * in_size + j], c.quantized.input);
    CHECK(q == run.input_q[size_t(i)]);
    const std::vector<int8_t> last = run_int8_reference(plan, c.quantized, q);
    if (last != run.last[size_t(i)]) ++mismatches;
    if (!c.quantized.output_scales.empty() && !c.quantized.softmax_output) {  // a float output layer, bit for bit
      const std::vector<float> y = run_float_output_reference(plan, c.quantized, last);
      if (!std::equal(y.begin(), y.end(), run.outputs.begin() + int64_t(i * y.size()))) ++mismatches;
    }
  }
  CHECK_MESSAGE(mismatches == 0, dir << ": " << mismatches << " of " << n << " samples differ from the reference");
}

}  // namespace

TEST_CASE("float export: a Dense model with each activation matches predict within 1e-5") {
  for (const std::string act : {"linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "celu", "selu", "gelu",
                                 "gelu_tanh", "silu", "softplus", "softmax"}) {
    CAPTURE(act);
    Sequential model({6}, 7);
    model.add(Dense(9, act));
    model.add(Dense(5, act == "softmax" ? "linear" : "softmax"));
    randomize(model, 3, 1.0f);
    CHECK(float_export_error(model, random_inputs({6}, 64, 11, -4.0f, 4.0f), "export_dense_" + act) <= 1e-5);
  }
}

TEST_CASE("float export: Activation layers, Dropout and Flatten") {
  Sequential model({2, 3, 3}, 5);
  model.add(Flatten());
  model.add(Dropout(0.3));
  model.add(Dense(8));
  model.add(Activation("gelu"));
  model.add(Activation("tanh"));
  model.add(Dense(4));
  model.add(Activation("softmax"));
  randomize(model, 4);
  CHECK(float_export_error(model, random_inputs({2, 3, 3}, 32, 12), "export_activation_layers") <= 1e-5);
}

TEST_CASE("float export: Conv2D and MaxPool2D with every padding, stride and algorithm") {
  struct Case {
    int64_t kernel, stride;
    const char* padding;
    ConvAlgorithm algorithm;
    int64_t pool, pool_stride;
    const char* pool_padding;
    int64_t channels = 3;  // Winograd needs >= 8 input channels on the CPU
  };
  const Case cases[] = {
      {3, 1, "same", ConvAlgorithm::Auto, 2, 2, "valid"},
      {3, 1, "same", ConvAlgorithm::Winograd, 3, 2, "same", 8},
      {4, 1, "valid", ConvAlgorithm::Winograd, 2, 2, "valid", 8},
      {5, 1, "same", ConvAlgorithm::Winograd, 2, 1, "same", 9},
      {3, 1, "valid", ConvAlgorithm::Im2col, 2, 1, "valid"},
      {5, 1, "same", ConvAlgorithm::Direct, 2, 2, "same"},
      {3, 1, "valid", ConvAlgorithm::Direct, 3, 3, "valid"},
      {4, 2, "same", ConvAlgorithm::Auto, 3, 3, "same"},
      {2, 3, "valid", ConvAlgorithm::Auto, 1, 1, "valid"},
      {1, 2, "same", ConvAlgorithm::Im2col, 2, 2, "valid"},
      {5, 2, "valid", ConvAlgorithm::Im2col, 2, 2, "same"},
  };
  int index = 0;
  for (const Case& c : cases) {
    CAPTURE(index);
    Sequential model({c.channels, 11, 12}, 9);
    model.add(Conv2D(4, c.kernel, c.stride, c.padding, "relu", c.algorithm));
    model.add(MaxPool2D(c.pool, c.pool_stride, c.pool_padding));
    model.add(Conv2D(3, 3, 1, "same", "selu"));
    model.add(Flatten());
    model.add(Dense(5, "softmax"));
    // weights and pixels on the scale of a trained CNN's: the float rounding of Winograd's
    // transforms (predict's side) grows with the magnitudes, the direct sum's (the C's) less so
    randomize(model, uint64_t(20 + index), 0.25f);
    const Tensor x = random_inputs({c.channels, 11, 12}, 16, uint64_t(30 + index), 0.0f, 1.0f);
    CHECK(float_export_error(model, x, "export_conv_" + std::to_string(index)) <= 1e-5);
    ++index;
  }
}

TEST_CASE("float export: the header's sizes, and a named export") {
  Sequential model({1, 8, 8}, 1);
  model.add(Conv2D(2, 3, 1, "same", "relu"));  // 1x8x8 -> 2x8x8: 256 B in, 512 B out
  model.add(MaxPool2D(2));                     // -> 2x4x4 (128 B)
  model.add(Flatten());
  model.add(Dense(3));
  randomize(model, 2);
  const CExport c = export_c(model, {.name = "tiny_net"});
  // conv reads the caller's input and writes 512 B; pool 512 + 128; dense reads 128 into `out`
  CHECK(c.arena_bytes == 640);
  CHECK(c.header.find("#define TINY_NET_ARENA_BYTES 640") != std::string::npos);
  CHECK(c.header.find("#define TINY_NET_INPUT_SIZE 64") != std::string::npos);
  CHECK(c.header.find("#define TINY_NET_OUTPUT_SIZE 3") != std::string::npos);
  CHECK(c.header.find("void tiny_net_predict(const float* in, float* out, void* arena);") != std::string::npos);
  CHECK(c.source.find("tn_exp") == std::string::npos);     // no softmax, no exp
  CHECK(c.source.find("tn_dense_f32") != std::string::npos);
  const fs::path dir = testing::fresh_dir("export_named");
  const Tensor x = random_inputs({1, 8, 8}, 8, 3);
  CHECK(max_abs_diff(model.predict(x), testing::compile_and_run(c, dir, x).outputs) <= 1e-5);
  CHECK(fs::exists(dir / "tiny_net.h"));
  CHECK(fs::exists(dir / "tiny_net.c"));
}

TEST_CASE("int8 export: the C computes exactly the C++ reference's integers") {
  SUBCASE("dense, relu clamp and softmax output") {
    Sequential model({12}, 3);
    model.add(Dropout(0.2));
    model.add(Dense(16, "relu"));
    model.add(Dense(6, "softmax"));
    randomize(model, 5);
    check_int8_export(model, random_inputs({12}, 200, 6, 0.0f, 1.0f), random_inputs({12}, 100, 7, -0.2f, 1.2f),
                      "export_int8_dense");
  }
  SUBCASE("every table activation, fused and as a layer") {
    for (const std::string act : {"sigmoid", "tanh", "leaky_relu", "elu", "celu", "selu", "gelu", "gelu_tanh",
                                   "silu", "softplus", "linear"}) {
      CAPTURE(act);
      Sequential model({5}, 3);
      model.add(Dense(7, act));
      model.add(Activation(act == "linear" ? "relu" : act));
      model.add(Dense(4));
      randomize(model, 8, 1.0f);
      check_int8_export(model, random_inputs({5}, 100, 9), random_inputs({5}, 50, 10), "export_int8_" + act);
    }
  }
  SUBCASE("conv, pooling and padding") {
    Sequential model({2, 9, 10}, 3);
    model.add(Conv2D(3, 3, 1, "same", "relu"));
    model.add(MaxPool2D(2, 2, "same"));
    model.add(Conv2D(4, 4, 2, "same", "tanh"));
    model.add(Conv2D(2, 2, 1, "valid"));
    model.add(MaxPool2D(2, 1, "valid"));
    model.add(Flatten());
    model.add(Dense(3, "softmax"));
    randomize(model, 11);
    check_int8_export(model, random_inputs({2, 9, 10}, 64, 12), random_inputs({2, 9, 10}, 32, 13),
                      "export_int8_conv");
  }
}

TEST_CASE("int8 export: close to the float model on a model it quantises well") {
  Sequential model({16}, 3);
  model.add(Dense(32, "relu"));
  model.add(Dense(8, "softmax"));
  randomize(model, 14);
  const Tensor calibration = random_inputs({16}, 500, 15, 0.0f, 1.0f);
  const Tensor x = random_inputs({16}, 200, 16, 0.0f, 1.0f);
  const CExport c = export_c(model, {.int8 = true, .calibration = calibration});
  CHECK(c.header.find("#define MODEL_INT8 1") != std::string::npos);
  const testing::CRun run = testing::compile_and_run(c, testing::fresh_dir("export_int8_close"), x);
  CHECK(max_abs_diff(model.predict(x), run.outputs) < 0.02);  // probabilities
}

TEST_CASE("export refuses what it cannot export, naming it") {
  struct Square : Layer {
    std::string type() const override { return "Square"; }
    Shape build(const Shape& s) override { return input_shape_ = output_shape_ = s; }
    Tensor forward(const Tensor& x, const ForwardContext&) override { return tunet::mul(x, x); }
    LayerConfig config() const override { return {}; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Square>(*this); }
  };
  Sequential model({4}, 1);
  model.add(Dense(3));
  model.add(std::unique_ptr<Layer>(new Square));
  randomize(model, 1);
  CHECK_THROWS_WITH_AS(export_c(model), doctest::Contains("layer 1 (Square 'square') has no C export"), Error);

  Sequential fresh({4}, 1);
  fresh.add(Dense(3));
  CHECK_THROWS_WITH_AS(export_c(fresh), doctest::Contains("layer 0 (Dense"), Error);  // no weights yet

  Sequential ok({4}, 1);
  ok.add(Dense(3, "softmax"));
  ok.add(Dense(2));
  randomize(ok, 1);
  CHECK_THROWS_WITH_AS(export_c(ok, {.name = "2model"}), doctest::Contains("not a C identifier"), Error);
  CHECK_THROWS_WITH_AS(export_c(ok, {.int8 = true, .calibration = random_inputs({5}, 10, 1)}),
                       doctest::Contains("samples of shape (5,); the model takes (4,)"), Error);
  CHECK_THROWS_WITH_AS(export_c(ok, {.int8 = true, .calibration = Tensor::empty({0, 4})}),
                       doctest::Contains("calibration set is empty"), Error);
  CHECK_THROWS_WITH_AS(export_c(ok, {.int8 = true}), doctest::Contains("calibration set must have shape (N, 4), got nothing"),
                       Error);
  CHECK_THROWS_WITH_AS(export_c(ok, {.int8 = true, .calibration = random_inputs({4}, 10, 1)}),
                       doctest::Contains("layer 0 (Dense) applies softmax but is not the last layer"), Error);
}

TEST_CASE("write_c_export leaves nothing half-written") {
  Sequential model({4}, 1);
  model.add(Dense(2));
  randomize(model, 1);
  const fs::path dir = testing::fresh_dir("export_blocked");
  fs::create_directories(dir);
  fs::create_directories(dir / "model.c");  // a folder where the source should go: the rename fails
  CHECK_THROWS_WITH_AS(write_c_export(export_c(model), dir.string()), doctest::Contains("cannot write"), Error);
  CHECK_FALSE(fs::exists(dir / ".model.h.tmp"));
  CHECK_FALSE(fs::exists(dir / ".model.c.tmp"));
  const fs::path file = testing::fresh_dir("export_not_a_folder");
  std::ofstream(file.string()) << "x";
  CHECK_THROWS_WITH_AS(write_c_export(export_c(model), (file / "sub").string()),
                       doctest::Contains("cannot create the output folder"), Error);
}
