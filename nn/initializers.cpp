#include "nn/initializers.hpp"

#include <cmath>

#include "core/error.hpp"

namespace tunet::nn {
namespace {

// Standard deviation of N(0, 1) truncated to [-2, 2].
constexpr double kTruncatedNormalStddev = 0.87962566103423978;

const char* const kInitializerNames[] = {"glorot_uniform", "he_normal", "lecun_normal", "zeros",
                                         "ones"};

int64_t require_fan(int64_t fan, const ParameterSpec& spec, const char* which) {
  check(fan > 0, "initializer " + spec.initializer + " for parameter '" + spec.name +
                     "' needs a positive " + which + ", got " + std::to_string(fan));
  return fan;
}

}  // namespace

std::vector<std::string> initializer_names() {
  return {std::begin(kInitializerNames), std::end(kInitializerNames)};
}

void fill_truncated_normal(Tensor& t, float stddev, Rng& rng) {
  const double sd = double(stddev) / kTruncatedNormalStddev;
  float* v = t.data();
  for (int64_t i = 0; i < t.numel(); ++i) {
    double z = rng.normal();
    while (std::fabs(z) > 2.0) z = rng.normal();  // redraw beyond 2 sd'
    v[i] = float(z * sd);
  }
}

void initialize(Tensor& parameter, const ParameterSpec& spec, Rng& rng) {
  check(parameter.shape() == spec.shape, "initialize: parameter '" + spec.name + "' has shape " +
                                             shape_str(parameter.shape()) + " but its spec says " +
                                             shape_str(spec.shape));
  const std::string& name = spec.initializer;
  if (name == "zeros") {
    parameter.fill(0.0f);
  } else if (name == "ones") {
    parameter.fill(1.0f);
  } else if (name == "glorot_uniform") {
    const double fans = double(require_fan(spec.fan_in, spec, "fan_in") +
                               require_fan(spec.fan_out, spec, "fan_out"));
    const float limit = float(std::sqrt(6.0 / fans));  // l = sqrt(6 / (fan_in + fan_out))
    rng.fill_uniform(parameter, -limit, limit);
  } else if (name == "he_normal") {
    // sd = sqrt(2 / fan_in)
    fill_truncated_normal(
        parameter, float(std::sqrt(2.0 / double(require_fan(spec.fan_in, spec, "fan_in")))), rng);
  } else if (name == "lecun_normal") {
    // sd = sqrt(1 / fan_in)
    fill_truncated_normal(
        parameter, float(std::sqrt(1.0 / double(require_fan(spec.fan_in, spec, "fan_in")))), rng);
  } else {
    std::string valid;
    for (const char* n : kInitializerNames) valid += (valid.empty() ? "" : ", ") + std::string(n);
    throw Error("unknown initializer '" + name + "' for parameter '" + spec.name +
                "'; valid names: " + valid);
  }
}

}  // namespace tunet::nn
