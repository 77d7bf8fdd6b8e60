#pragma once
// Splits: train, validation and test of one data set, transformed together.
//
//   auto data = tunet::datasets::fashion_mnist()      // train 60,000 + test 10,000
//                   .flatten()                        // (N, 784)
//                   .scale(1.0f / 255)                // pixels in [0, 1]
//                   .split_validation(0.1, 42);       // 6,000 of train -> validation
//   data.train.x;        // (54000, 784)    data.validation.x;  // (6000, 784)
//   data.test.x;         // (10000, 784), the same images as before the split
//
// The rule against the validation leak: validation is carved out of the
// training data only, so tuning never sees the test set. Transforms that learn
// statistics (normalize, standardize) learn them from train alone and apply
// the same numbers to validation and test.
//
// Without Splits, the same tools work on index lists:
//   train_validation_split(train, 0.1, seed)   -> {train, validation}
//   k_fold(train, {.k = 3, .stratify = true})  -> 3 folds of {train, validation} indices
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/dataset.hpp"

namespace tunet::datasets {

// How many samples take() keeps of each part; kAll keeps the part as it is.
inline constexpr int64_t kAll = -1;
struct PartSizes {
  int64_t train = kAll;
  int64_t validation = kAll;
  int64_t test = kAll;
};

struct Splits {
  Dataset train;
  Dataset validation;  // empty until split_validation() (or a loader) fills it
  Dataset test;

  // Carves `fraction` of train out as validation (test untouched). stratify:
  // every class keeps its share in both parts (ignored for regression targets).
  // Throws Error when a validation set exists already.
  Splits split_validation(double fraction, uint64_t seed, bool stratify = true) const;

  Splits flatten() const;                   // (N, ...) -> (N, D)
  Splits scale(float factor, float offset = 0.0f) const;  // x * factor + offset
  Splits normalize() const;                 // (x - min) / (max - min), min and max over all of train's x
  Splits standardize() const;               // per feature (x - mean) / std, train's statistics
  Splits reshape_nchw() const;              // (N,H,W) or square (N,D) -> (N,1,H,W)
  Splits resize(int64_t height, int64_t width, ResizeMethod method = ResizeMethod::Area) const;
  Splits take(PartSizes sizes) const;       // first samples: .take({.train = 6000, .test = 1000})
  Splits take_stratified(PartSizes sizes, uint64_t seed) const;  // class shares kept

  int num_classes() const { return train.num_classes; }
  const std::vector<std::string>& class_names() const { return train.class_names; }
  // "train 54000, validation 6000, test 10000; samples (784); 10 classes"
  std::string summary() const;
};

// ---- splitting by indices ----

// Sorted, disjoint index lists that together cover 0..N-1.
struct SplitIndices {
  std::vector<int64_t> train;
  std::vector<int64_t> validation;
};

// round(fraction * N) samples to validation, drawn with Rng(seed). Stratified:
// each class contributes floor(fraction * its count), and the samples still
// missing go to the classes with the largest remainders (ties: lower class).
// Needs 0 < fraction < 1 and leaves at least one sample on each side.
SplitIndices split_indices(const Dataset& data, double fraction, uint64_t seed, bool stratify = true);

struct TrainValidation {
  Dataset train;
  Dataset validation;
};
// The samples of split_indices(), copied out in their original order.
TrainValidation train_validation_split(const Dataset& data, double fraction, uint64_t seed,
                                       bool stratify = true);

// k-fold cross-validation: fold f validates on one k-th of the samples and
// trains on the rest; the validation parts are disjoint and cover everything.
struct KFoldOptions {
  int k = 3;
  bool stratify = false;  // deal each class round-robin over the folds (class labels only)
  bool shuffle = true;    // shuffle (with seed) before dealing; false keeps the order
  uint64_t seed = 0;
};
std::vector<SplitIndices> k_fold(const Dataset& data, KFoldOptions options = {});

}  // namespace tunet::datasets
