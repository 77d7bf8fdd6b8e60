// Links tunet::datasets alone: a seeded data set, split without leakage.
#include <iostream>

#include "datasets/datasets.hpp"

namespace ds = tunet::datasets;

int main() {
  const ds::Dataset blobs = ds::gaussian_blobs({.classes = 3, .features = 2, .seed = 2});
  const auto folds = ds::k_fold(blobs, {.k = 3});
  std::cout << "datasets: " << blobs.size() << " samples of " << blobs.num_classes << " classes, " << folds.size()
            << " folds\n";
  return folds.size() == 3 ? 0 : 1;
}
