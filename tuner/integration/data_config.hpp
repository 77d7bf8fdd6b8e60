#pragma once
// The "data" section of a config file -> train / validation / test splits.
//
//   {"name": "fashion_mnist",            // fashion_mnist | mnist | mnist_digits | two_spirals | gaussian_blobs
//    "dir": "",                          // where the files are (datasets/mnist.hpp's search order otherwise)
//    "subset": {"train": 12000, "test": 10000},  // stratified subsets, before the validation split
//    "resize": [8, 8],                   // area resizing (examples/fashion8x8_random.json)
//    "flatten": true,                    // (N, 784); or "channels_first": true -> (N, 1, 28, 28)
//    "scale": 0.00392156862745098,       // default 1/255 for the image sets
//    "validation_split": 0.1}            // carved from train (0: none, for cross-validation); test untouched
//
// A CSV file instead of a named set (datasets/csv.hpp):
//   {"format": "csv", "path": "iris.csv",
//    "label_column": "species",          // its header name, or a 0-based index (default: the last column)
//    "header": true, "delimiter": ",", "regression": false,
//    "test_split": 0.2,                  // held out as the test set (0: none)
//    "test_path": "test.csv",            // or the test set from its own file (then no test_split)
//    "validation_split": 0.1,            // then carved from the rest
//    "scaling": "standard"}              // "standard" (z-scores), "minmax" ([0, 1]) or "none" (default)
// A relative path is resolved against the working directory; a missing file
// is an error naming data.path (or data.test_path) and that directory. The
// test file has the training file's columns; its class labels must be
// classes of the training file, and get the training file's class indices.
// The scaling statistics are learned from the training part alone (after
// both splits) and applied unchanged to validation and test, so nothing of
// the held-out data leaks. Under cross-validation (search.cv) each fold
// learns its own from its training folds: scaled_by_train on the fold.
//
// The validation split and the subsets are drawn with the study seed.
// Synthetic sets take "samples_per_class" and put 20% aside as their test set.
// parse_data_settings checks the section without reading any file (errors
// name the field: "data.subset.train: expected an integer >= 1, got -5");
// load_data then reads and transforms the data.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "datasets/splits.hpp"
#include "tuner/config/json.hpp"

namespace tunet::tuner {

struct CsvSettings {
  std::string path;
  std::string label_column;   // header name; empty: label_index
  int label_index = -1;       // 0-based; negative counts from the end
  bool header = true;
  char delimiter = ',';
  bool regression = false;
  double test_split = 0.2;
  std::string test_path;         // a separate test file; empty: test_split
  std::string scaling = "none";  // "standard", "minmax" or "none"
};

struct DataSettings {
  std::string name;
  std::optional<CsvSettings> csv;       // "format": "csv" (then name is empty)
  std::string dir;
  std::optional<int64_t> subset_train, subset_test;
  std::optional<std::pair<int64_t, int64_t>> resize;  // height, width
  bool channels_first = false;
  bool flatten = false;                 // default: true for the image sets
  std::optional<float> scale;           // default: 1/255 for the image sets
  std::optional<double> validation_split;  // default 0.1
  int64_t samples_per_class = 200;      // synthetic sets
  bool images() const { return name == "fashion_mnist" || name == "mnist" || name == "mnist_digits"; }
  const std::string& scaling() const;   // the CSV's "scaling"; "none" for the named sets
};

DataSettings parse_data_settings(const Json& data);
// The splits, scaled (CSV "scaling") with the statistics of their training part.
datasets::Splits load_data(const DataSettings& data, uint64_t seed);
datasets::Splits load_data(const Json& data, uint64_t seed);
// The same before the scaling: for cross-validation, whose folds learn their own.
datasets::Splits load_unscaled_data(const DataSettings& data, uint64_t seed);
// `splits` with `scaling`'s statistics learned from splits.train alone and
// applied unchanged to every part ("none": unchanged).
datasets::Splits scaled_by_train(const datasets::Splits& splits, const std::string& scaling);

}  // namespace tunet::tuner
