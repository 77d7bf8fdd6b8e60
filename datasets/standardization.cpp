#include "datasets/standardization.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/parallel.hpp"

namespace tunet::datasets {

Standardization Standardization::fit(const Dataset& data) {
  check(data.size() > 0, "Standardization::fit: the dataset is empty");
  const int64_t n = data.size();
  const int64_t d = data.x.numel() / n;
  // Sums in double: 60,000 samples of pixel values lose digits in float.
  std::vector<double> sum(static_cast<size_t>(d), 0.0), sum_sq(static_cast<size_t>(d), 0.0);
  const float* x = data.x.data();
  for (int64_t i = 0; i < n; ++i) {
    const float* row = x + i * d;
    for (int64_t j = 0; j < d; ++j) {
      sum[j] += row[j];
      sum_sq[j] += static_cast<double>(row[j]) * row[j];
    }
  }
  Standardization out;
  out.mean.resize(static_cast<size_t>(d));
  out.stddev.resize(static_cast<size_t>(d));
  for (int64_t j = 0; j < d; ++j) {
    const double mean = sum[j] / n;
    const double variance = std::max(0.0, sum_sq[j] / n - mean * mean);  // E[x^2] - E[x]^2
    const double stddev = std::sqrt(variance);
    out.mean[j] = static_cast<float>(mean);
    out.stddev[j] = stddev > 1e-12 ? static_cast<float>(stddev) : 1.0f;
  }
  return out;
}

Dataset Standardization::apply(const Dataset& data) const {
  if (data.empty()) return data;
  const int64_t n = data.size();
  const int64_t d = data.x.numel() / n;
  check(d == static_cast<int64_t>(mean.size()),
        "Standardization::apply: fitted on " + std::to_string(mean.size()) + " features, got samples of shape " +
            shape_str(data.sample_shape()));
  Dataset out = data;
  out.x = Tensor::empty(data.x.shape());
  const float* x = data.x.data();
  float* dst = out.x.data();
  TUNET_OMP_FOR_IF(n * d >= kParallelMinElements)
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < d; ++j) dst[i * d + j] = (x[i * d + j] - mean[j]) / stddev[j];
  }
  return out;
}

}  // namespace tunet::datasets
