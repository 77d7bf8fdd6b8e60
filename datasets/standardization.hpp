#pragma once
// Standardization: per-feature z-scores with statistics learned from one set
// (the training set) and applied unchanged to others (validation, test), so
// no statistic of the held-out data leaks into the model.
//
//   auto scaler = Standardization::fit(data.train);
//   Dataset test = scaler.apply(data.test);     // x' = (x - mean) / stddev
//
// stddev is the population standard deviation (divide by N). A feature that
// is constant in the training set (stddev 0, e.g. the border pixels of MNIST)
// is only centred: its stddev is stored as 1.
#include <vector>

#include "datasets/dataset.hpp"

namespace tunet::datasets {

struct Standardization {
  std::vector<float> mean;    // one per feature (x flattened to (N, D))
  std::vector<float> stddev;  // one per feature, 1 where the feature is constant

  static Standardization fit(const Dataset& data);
  Dataset apply(const Dataset& data) const;  // x must have the same D
};

}  // namespace tunet::datasets
