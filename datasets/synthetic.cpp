#include "datasets/synthetic.hpp"

#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "core/random.hpp"

namespace tunet::datasets {
namespace {

Dataset classification(int64_t n, int64_t features, int classes) {
  Dataset out;
  out.x = Tensor::empty({n, features});
  out.y = Tensor::empty({n});
  out.num_classes = classes;
  for (int c = 0; c < classes; ++c) out.class_names.push_back(std::to_string(c));
  return out;
}

}  // namespace

Dataset two_spirals(SpiralOptions options) {
  check(options.samples_per_class > 0, "two_spirals: samples_per_class must be positive");
  check(options.turns > 0 && options.noise >= 0, "two_spirals: turns must be positive and noise not negative");
  const int64_t n = 2 * options.samples_per_class;
  Dataset out = classification(n, 2, 2);
  Rng rng(options.seed);
  const double t_max = options.turns * 2.0 * std::numbers::pi;
  float* x = out.x.data();
  float* y = out.y.data();
  for (int64_t i = 0; i < n; ++i) {
    const int c = static_cast<int>(i % 2);
    const double t = t_max * static_cast<double>(i / 2) / static_cast<double>(options.samples_per_class);
    const double r = t / t_max;
    const double angle = t + c * std::numbers::pi;
    x[2 * i] = static_cast<float>(r * std::cos(angle) + options.noise * rng.normal());
    x[2 * i + 1] = static_cast<float>(r * std::sin(angle) + options.noise * rng.normal());
    y[i] = static_cast<float>(c);
  }
  return out;
}

Dataset gaussian_blobs(BlobOptions options) {
  check(options.samples_per_class > 0 && options.classes > 0 && options.features > 0,
        "gaussian_blobs: samples_per_class, classes and features must be positive");
  check(options.stddev >= 0, "gaussian_blobs: stddev must not be negative");
  const int64_t n = options.samples_per_class * options.classes;
  Dataset out = classification(n, options.features, options.classes);
  Rng rng(options.seed);
  std::vector<double> centers(static_cast<size_t>(options.classes * options.features));
  for (double& c : centers) c = rng.uniform(-options.center_box, options.center_box);
  float* x = out.x.data();
  float* y = out.y.data();
  for (int64_t i = 0; i < n; ++i) {
    const int c = static_cast<int>(i % options.classes);
    for (int f = 0; f < options.features; ++f) {
      x[i * options.features + f] = static_cast<float>(centers[c * options.features + f] + options.stddev * rng.normal());
    }
    y[i] = static_cast<float>(c);
  }
  return out;
}

Dataset xor_points(XorOptions options) {
  check(options.samples > 0 && options.noise >= 0, "xor_points: samples must be positive and noise not negative");
  Dataset out = classification(options.samples, 2, 2);
  Rng rng(options.seed);
  float* x = out.x.data();
  float* y = out.y.data();
  for (int64_t i = 0; i < options.samples; ++i) {
    // classes alternate 0, 1, 0, 1, ...; the first sign is random, class 1 flips the second
    const int label = static_cast<int>(i % 2);
    const bool first_positive = rng.below(2) == 1;
    const bool second_positive = label == 1 ? !first_positive : first_positive;
    x[2 * i] = static_cast<float>((first_positive ? 1.0 : -1.0) + options.noise * rng.normal());
    x[2 * i + 1] = static_cast<float>((second_positive ? 1.0 : -1.0) + options.noise * rng.normal());
    y[i] = static_cast<float>(label);
  }
  return out;
}

Dataset regression_curve(CurveOptions options) {
  check(options.samples > 0 && options.noise >= 0,
        "regression_curve: samples must be positive and noise not negative");
  Dataset out;
  out.x = Tensor::empty({options.samples, 1});
  out.y = Tensor::empty({options.samples, 1});
  Rng rng(options.seed);
  float* x = out.x.data();
  float* y = out.y.data();
  for (int64_t i = 0; i < options.samples; ++i) {
    const double v = rng.uniform(-1.0, 1.0);
    x[i] = static_cast<float>(v);
    y[i] = static_cast<float>(std::sin(2.0 * std::numbers::pi * v) + options.noise * rng.normal());
  }
  return out;
}

}  // namespace tunet::datasets
