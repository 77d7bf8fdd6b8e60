#pragma once
// MinMaxScaling: each feature mapped to [0, 1] with the minimum and maximum
// learned from one set (the training set) and applied unchanged to others
// (validation, test), as scikit-learn's MinMaxScaler: held-out values may
// fall outside [0, 1], and nothing of them leaks into the statistics.
//
//   auto scaler = MinMaxScaling::fit(data.train);
//   Dataset test = scaler.apply(data.test);     // x' = (x - min) / (max - min)
//
// A feature that is constant in the training set (max = min) is only
// shifted: its range is stored as 1.
#include <vector>

#include "datasets/dataset.hpp"

namespace tunet::datasets {

struct MinMaxScaling {
  std::vector<float> min;    // one per feature (x flattened to (N, D))
  std::vector<float> range;  // max - min, 1 where the feature is constant

  static MinMaxScaling fit(const Dataset& data);
  Dataset apply(const Dataset& data) const;  // x must have the same D
};

}  // namespace tunet::datasets
