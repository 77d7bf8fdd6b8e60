// Trains the Fashion-MNIST MLP and CNN (bench/bench_models.hpp) with tunet and
// prints per-epoch times, inference samples/s and test accuracy. bench/bench_train.sh
// runs it side by side with bench/torch_train.py (the same models in PyTorch).
//
//   bench_train [mlp|cnn|both] [epochs=5] [threads=0 (OpenMP default)]
//
// Output: human-readable lines, then one "RESULT ..." line per model that the
// script parses: epoch times (s), test accuracy, inference samples/s. Batch 128.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_args.hpp"
#include "core/build_info.hpp"
#include "core/parallel.hpp"
#include "datasets/datasets.hpp"
#include "bench/bench_models.hpp"
#include "nn/nn.hpp"

using namespace tunet;
using Clock = std::chrono::steady_clock;
// Inference timings on these shared machines stall now and then: the best of
// ten predictions of the test set is the machine's speed.
constexpr int kInferenceRepeats = 10;

namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
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
  check_args(argc, argv, "bench_train [mlp|cnn|both] [epochs=5] [threads=0 (OpenMP default)]", {}, 3);
  const std::string which = argc > 1 ? argv[1] : "both";
  const int epochs = argc > 2 ? std::atoi(argv[2]) : 5;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 0;
  if (which != "mlp" && which != "cnn" && which != "both") {
    std::fprintf(stderr, "bench_train: the model is mlp, cnn or both, not '%s'\n", which.c_str());
    return 2;
  }
  set_num_threads(threads);
  std::printf("%s\n", build_info_str().c_str());
  try {
    const auto start = Clock::now();
    const auto data = datasets::fashion_mnist().scale(1.0f / 255);
    std::printf("Fashion-MNIST loaded in %.3f s\n", seconds_since(start));
    if (which == "mlp" || which == "both") {
      const auto flat = data.flatten();
      run("mlp", bench::fashion_mlp(), flat.train, flat.test, epochs);
    }
    if (which == "cnn" || which == "both") {
      const auto images = data.reshape_nchw();
      run("cnn", bench::fashion_cnn(), images.train, images.test, epochs);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_train: %s\n", e.what());
    return 1;
  }
  return 0;
}
