#pragma once
// The "data" section of a config file -> train / validation / test splits.
//
//   {"name": "fashion_mnist",            // fashion_mnist | mnist | mnist_digits | two_spirals | gaussian_blobs
//    "dir": "",                          // where the files are (datasets/mnist.hpp's search order otherwise)
//    "subset": {"train": 12000, "test": 10000},  // stratified subsets, before the validation split
//    "resize": [8, 8],                   // area resizing (seed 003)
//    "flatten": true,                    // (N, 784); or "channels_first": true -> (N, 1, 28, 28)
//    "scale": 0.00392156862745098,       // default 1/255 for the image sets
//    "validation_split": 0.1}            // carved from train (0: none, for cross-validation); test untouched
//
// The validation split and the subsets are drawn with the study seed.
// Synthetic sets take "samples_per_class" and put 20% aside as their test set.
#include <cstdint>

#include "datasets/splits.hpp"
#include "tuner/json.hpp"

namespace tunet::tuner {

datasets::Splits load_data(const Json& data, uint64_t seed);

}  // namespace tunet::tuner
