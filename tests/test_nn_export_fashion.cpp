// The C export on real data: a model trained on Fashion-MNIST, exported float
// and int8, compiled with the host C compiler and run on the 10,000 test images.
//   float: max |C - predict| <= 1e-5 over every output of every image
//   int8 (calibrated on the first 1,000 training images): top-1 agreement with
//         the float model >= 99 %, test accuracy at most 0.5 points lower
// By default a quickly trained MLP (the main job's architecture, 2 epochs on
// 10,000 images). scripts/export_accuracy.sh sets TUNET_EXPORT_MODELS to saved
// models (the main job's MLP, the GP tutorial's CNN) and prints the numbers.
// Skipped with a message when the data set is missing.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "nn/nn.hpp"
#include "fresh_dir.hpp"
#include "test_nn_export_harness.hpp"

using namespace tunet;
using namespace tunet::nn;

namespace {

const std::string kDir = "/usr/share/datasets/fashion-mnist";

std::vector<unsigned char> gunzip(const std::string& path) {
  std::vector<unsigned char> bytes;
  FILE* pipe = popen(("gzip -dc '" + path + "'").c_str(), "r");
  REQUIRE(pipe != nullptr);
  unsigned char buffer[1 << 16];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) bytes.insert(bytes.end(), buffer, buffer + n);
  REQUIRE(pclose(pipe) == 0);
  return bytes;
}

// The first `count` images (count, 784) in [0, 1], or labels (count).
Tensor idx(const std::string& file, int64_t count, bool images) {
  const auto b = gunzip(kDir + "/" + file);
  const size_t header = images ? 16 : 8, per = images ? 784 : 1;
  REQUIRE(b.size() >= header + size_t(count) * per);
  Tensor t = images ? Tensor::empty({count, 784}) : Tensor::empty({count});
  for (int64_t i = 0; i < count * int64_t(per); ++i)
    t.data()[i] = images ? float(b[header + size_t(i)]) / 255.0f : float(b[header + size_t(i)]);
  return t;
}

int64_t argmax(const float* v, int64_t n) {
  int64_t best = 0;
  for (int64_t i = 1; i < n; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}

struct Measure {
  double float_max_diff = 0;
  double agreement = 0;  // int8 top-1 == float top-1
  double float_accuracy = 0, int8_accuracy = 0;
  int64_t float_arena = 0, int8_arena = 0;
};

Measure measure(Sequential& model, const Tensor& calibration, const Tensor& x_flat, const Tensor& y,
                const std::string& dir) {
  Shape shape = model.input_shape();
  shape.insert(shape.begin(), x_flat.shape()[0]);
  const Tensor x = x_flat.reshape(shape);
  Shape cal_shape = model.input_shape();
  cal_shape.insert(cal_shape.begin(), calibration.shape()[0]);
  const Tensor predicted = model.predict(x, 256);
  const CExport f = export_c(model);
  const CExport q = export_c(model, {.int8 = true, .calibration = calibration.reshape(cal_shape)});
  const std::vector<float> cf = testing::compile_and_run(f, testing::fresh_dir(dir + "_float"), x).outputs;
  const std::vector<float> cq = testing::compile_and_run(q, testing::fresh_dir(dir + "_int8"), x).outputs;
  const int64_t n = x.shape()[0], classes = predicted.numel() / n;
  Measure m;
  m.float_arena = f.arena_bytes;
  m.int8_arena = q.arena_bytes;
  int64_t agree = 0, right_float = 0, right_int8 = 0;
  for (int64_t i = 0; i < n; ++i) {
    const float* p = predicted.data() + i * classes;
    for (int64_t c = 0; c < classes; ++c)
      m.float_max_diff = std::max(m.float_max_diff, std::fabs(double(p[c]) - double(cf[size_t(i * classes + c)])));
    const int64_t top_float = argmax(p, classes), top_int8 = argmax(cq.data() + i * classes, classes);
    agree += top_float == top_int8;
    right_float += top_float == int64_t(y.data()[i]);
    right_int8 += top_int8 == int64_t(y.data()[i]);
  }
  m.agreement = double(agree) / double(n);
  m.float_accuracy = double(right_float) / double(n);
  m.int8_accuracy = double(right_int8) / double(n);
  return m;
}

void report_and_check(const std::string& label, const Measure& m) {
  MESSAGE(label << ": float max |C - predict| = " << m.float_max_diff << "; int8 top-1 agreement "
                << 100 * m.agreement << " %, test accuracy float " << 100 * m.float_accuracy << " %, int8 "
                << 100 * m.int8_accuracy << " % (drop " << 100 * (m.float_accuracy - m.int8_accuracy)
                << " points); arena float " << m.float_arena << " B, int8 " << m.int8_arena << " B");
  CHECK(m.float_max_diff <= 1e-5);
  CHECK(m.agreement >= 0.99);
  CHECK(m.float_accuracy - m.int8_accuracy <= 0.005);
}

}  // namespace

TEST_CASE("Fashion-MNIST: the exported C matches predict (float) and keeps the accuracy (int8)") {
  if (!std::filesystem::exists(kDir + "/t10k-images-idx3-ubyte.gz")) {
    MESSAGE("skipped: Fashion-MNIST not found in " << kDir << " (apt-get install dataset-fashion-mnist)");
    return;
  }
  const Tensor x_test = idx("t10k-images-idx3-ubyte.gz", 10000, true);
  const Tensor y_test = idx("t10k-labels-idx1-ubyte.gz", 10000, false);
  const Tensor calibration = idx("train-images-idx3-ubyte.gz", 1000, true);
  if (const char* models = std::getenv("TUNET_EXPORT_MODELS")) {
    std::istringstream paths(models);
    int index = 0;
    for (std::string path; paths >> path; ++index) {
      Sequential model = Sequential::load(path);
      report_and_check(path, measure(model, calibration, x_test, y_test, "export_fashion_" + std::to_string(index)));
    }
    return;
  }
  const int64_t n_train = 10000;
  const Tensor x = idx("train-images-idx3-ubyte.gz", n_train, true);
  Tensor y = Tensor::zeros({n_train, 10});
  const Tensor labels = idx("train-labels-idx1-ubyte.gz", n_train, false);
  for (int64_t i = 0; i < n_train; ++i) y.data()[i * 10 + int64_t(labels.data()[i])] = 1.0f;
  Sequential mlp({784}, 1);
  mlp.add(Dropout(0.2));
  mlp.add(Dense(100, "relu"));
  mlp.add(Dropout(0.2));
  mlp.add(Dense(10, "softmax"));
  mlp.compile(RMSprop({.learning_rate = 1e-3}), "categorical_crossentropy", {"accuracy"});
  mlp.fit(x, y, {.epochs = 2, .batch_size = 128, .verbose = 0});
  report_and_check("MLP (2 epochs on 10,000 images)", measure(mlp, calibration, x_test, y_test, "export_fashion_mlp"));
}
