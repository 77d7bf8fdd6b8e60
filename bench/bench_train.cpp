// Trains the Fashion-MNIST MLP and CNN (bench/bench_models.hpp) with tunet and
// prints per-epoch times, inference samples/s and test accuracy. bench/bench_train.sh
// runs it side by side with bench/torch_train.py (the same models in PyTorch).
//
//   bench_train [mlp|cnn|both] [epochs=5] [threads=0 (OpenMP default)] [--seed 1] [--init glorot]
//
// --seed is the model seed (weights, shuffling, dropout). --init torch replaces
// tunet's initialisation (Keras's: glorot_uniform kernels, zero biases) by
// PyTorch's default one, to tell a difference in learning from one in the
// starting point.
//
// Output: human-readable lines, then one "RESULT ..." line per model that the
// script parses: epoch times (s), test accuracy, inference samples/s. Batch 128.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_args.hpp"
#include "core/build_info.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "datasets/datasets.hpp"
#include "bench/bench_models.hpp"
#include "nn/nn.hpp"

using namespace tunet;
using Clock = std::chrono::steady_clock;
// Inference timings on these shared machines stall now and then: the best of
// ten predictions of the test set is the machine's speed.
constexpr int kInferenceRepeats = 10;
constexpr uint64_t kTorchInitStream = 7;  // any stream other than the model's own

const char* const kUsage =
    "bench_train [mlp|cnn|both] [epochs=5] [threads=0 (OpenMP default)] [--seed 1] [--init glorot|torch]";

namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// PyTorch's default initialisation of nn.Linear and nn.Conv2d: kernels
// kaiming_uniform(a = sqrt(5)), bound = gain sqrt(3 / fan_in) with
// gain = sqrt(2 / (1 + a^2)), i.e. 1 / sqrt(fan_in); biases U(-1 / sqrt(fan_in),
// 1 / sqrt(fan_in)). So every parameter is U(-b, b), b = 1 / sqrt(fan_in).
void use_torch_init(nn::Sequential& model, uint64_t seed) {
  Rng rng(seed, kTorchInitStream);
  for (const auto& layer : model.layers()) {
    const auto specs = layer->parameter_specs();
    if (specs.empty()) continue;
    Tensor kernel, bias;  // views of the model's parameters
    if (const auto* dense = dynamic_cast<const nn::Dense*>(layer.get())) {
      kernel = dense->kernel();
      bias = dense->bias();
    } else if (const auto* conv = dynamic_cast<const nn::Conv2D*>(layer.get())) {
      kernel = conv->kernel();
      bias = conv->bias();
    } else {
      throw Error("--init torch: no PyTorch initialisation for a " + layer->type() + " layer");
    }
    const float b = float(1.0 / std::sqrt(double(specs[0].fan_in)));
    rng.fill_uniform(kernel, -b, b);
    rng.fill_uniform(bias, -b, b);
  }
}

void run(const std::string& name, nn::Sequential model, const datasets::Dataset& train,
         const datasets::Dataset& test, int epochs) {
  std::printf("== tunet %s: %lld parameters, %lld train / %lld test samples\n", name.c_str(),
              static_cast<long long>(model.count_params()), static_cast<long long>(train.size()),
              static_cast<long long>(test.size()));
  std::vector<double> epoch_seconds;
  Clock::time_point epoch_start;
  auto timer = std::make_shared<nn::LambdaCallback>(nn::LambdaCallbackConfig{
      .on_epoch_begin = [&](int, nn::Sequential&) { epoch_start = Clock::now(); },
      .on_epoch_end =
          [&](int epoch, const nn::Logs& logs, nn::Sequential&) {
            epoch_seconds.push_back(seconds_since(epoch_start));
            std::printf("epoch %d: %.3f s  loss %.4f  accuracy %.4f\n", epoch + 1, epoch_seconds.back(),
                        logs.at("loss"), logs.at("accuracy"));
            std::fflush(stdout);
          }});
  model.fit(train.x, train.y, {.epochs = epochs, .batch_size = 128, .callbacks = {timer}, .verbose = 0});
  const nn::Logs scores = model.evaluate(test.x, test.y, 1000);

  // Inference: predict the test set in batches of 1000, best of kInferenceRepeats
  // (torch_train.py does the same).
  double best = 1e30;
  for (int r = 0; r < kInferenceRepeats; ++r) {
    const auto start = Clock::now();
    const Tensor p = model.predict(test.x, 1000);
    best = std::min(best, seconds_since(start));
  }
  const double samples_per_second = double(test.size()) / best;
  std::printf("test accuracy %.4f, inference %.0f samples/s (batch 1000)\n", scores.at("accuracy"),
              samples_per_second);
  std::printf("RESULT tunet %s epochs", name.c_str());
  for (double s : epoch_seconds) std::printf(" %.4f", s);
  std::printf(" accuracy %.4f infer %.0f\n", scores.at("accuracy"), samples_per_second);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, kUsage, {"--seed", "--init"}, 3);
  const std::string which = arg_positional(argc, argv, 0, "both");
  const int epochs = std::atoi(arg_positional(argc, argv, 1, "5"));
  const int threads = std::atoi(arg_positional(argc, argv, 2, "0"));
  const int seed = arg_int(argc, argv, "--seed", 1);
  const std::string init = arg_str(argc, argv, "--init", "glorot");
  if (which != "mlp" && which != "cnn" && which != "both") {
    std::fprintf(stderr, "bench_train: the model is mlp, cnn or both, not '%s'\nusage: %s\n", which.c_str(),
                 kUsage);
    return 2;
  }
  if (init != "glorot" && init != "torch") {
    std::fprintf(stderr, "bench_train: --init is glorot or torch, not '%s'\n", init.c_str());
    return 2;
  }
  set_num_threads(threads);
  std::printf("%s\nseed %d, %s init\n", build_info_str().c_str(), seed, init.c_str());
  const auto prepare = [&](nn::Sequential model) {
    if (init == "torch") use_torch_init(model, uint64_t(seed));
    return model;
  };
  try {
    const auto start = Clock::now();
    const auto data = datasets::fashion_mnist().scale(1.0f / 255);
    std::printf("Fashion-MNIST loaded in %.3f s\n", seconds_since(start));
    if (which == "mlp" || which == "both") {
      const auto flat = data.flatten();
      run("mlp", prepare(bench::fashion_mlp(uint64_t(seed))), flat.train, flat.test, epochs);
    }
    if (which == "cnn" || which == "both") {
      const auto images = data.reshape_nchw();
      run("cnn", prepare(bench::fashion_cnn(uint64_t(seed))), images.train, images.test, epochs);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_train: %s\n", e.what());
    return 1;
  }
  return 0;
}
