#include "datasets/min_max_scaling.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace tunet::datasets {

MinMaxScaling MinMaxScaling::fit(const Dataset& data) {
  check(data.size() > 0, "MinMaxScaling::fit: the dataset is empty");
  const int64_t n = data.size();
  const int64_t d = data.x.numel() / n;
  const float* x = data.x.data();
  std::vector<float> lo(x, x + d), hi(x, x + d);
  for (int64_t i = 1; i < n; ++i) {
    const float* row = x + i * d;
    for (int64_t j = 0; j < d; ++j) {
      lo[j] = std::min(lo[j], row[j]);
      hi[j] = std::max(hi[j], row[j]);
    }
  }
  MinMaxScaling out{lo, std::vector<float>(static_cast<size_t>(d))};
  for (int64_t j = 0; j < d; ++j) out.range[j] = hi[j] > lo[j] ? hi[j] - lo[j] : 1.0f;
  return out;
}

Dataset MinMaxScaling::apply(const Dataset& data) const {
  if (data.empty()) return data;
  const int64_t n = data.size();
  const int64_t d = data.x.numel() / n;
  check(d == static_cast<int64_t>(min.size()),
        "MinMaxScaling::apply: fitted on " + std::to_string(min.size()) + " features, got samples of shape " +
            shape_str(data.sample_shape()));
  Dataset out = data;
  out.x = Tensor::empty(data.x.shape());
  const float* x = data.x.data();
  float* dst = out.x.data();
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < d; ++j) dst[i * d + j] = (x[i * d + j] - min[j]) / range[j];  // (x - min) / (max - min)
  return out;
}

}  // namespace tunet::datasets
