#pragma once
// tunet::datasets: data in, ready for training, without leaking the test set.
//
//   #include "datasets/datasets.hpp"
//   namespace ds = tunet::datasets;
//
//   auto data = ds::fashion_mnist()                // train 60,000 + test 10,000, (N, 28, 28)
//                   .resize(8, 8)                  // area averaging (8x8 Fashion-MNIST)
//                   .flatten()                     // (N, 64)
//                   .scale(1.0f / 255)             // [0, 1]
//                   .split_validation(0.1, 42);    // validation from train only
//   data.train.x, data.train.y;                    // y: (N) class indices as floats
//   data.validation.one_hot();                     // (N, 10) for categorical losses
//   data.test;                                     // untouched by tuning
//
// What lives where:
//   splits.hpp           Splits (train/validation/test chains), split_indices,
//                        train_validation_split, k_fold
//   dataset.hpp          Dataset (x, y, classes), take, subset, one_hot, transforms
//   mnist.hpp            fashion_mnist(), mnist(), mnist_digits(), data_dir()
//   idx.hpp, csv.hpp     the file formats: load_idx, read_idx, write_idx, load_csv
//   standardization.hpp  z-scores with statistics from train only
//   min_max_scaling.hpp  each feature to [0, 1] with train's minimum and maximum
//   resize.hpp           area and bilinear image resizing
//   batches.hpp          BatchStream (shuffled mini-batches), generators
//   synthetic.hpp        two_spirals, gaussian_blobs, xor_points, regression_curve
//   file_bytes.hpp       whole-file reads with transparent gunzip
#include "datasets/batches.hpp"
#include "datasets/csv.hpp"
#include "datasets/dataset.hpp"
#include "datasets/file_bytes.hpp"
#include "datasets/idx.hpp"
#include "datasets/min_max_scaling.hpp"
#include "datasets/mnist.hpp"
#include "datasets/resize.hpp"
#include "datasets/splits.hpp"
#include "datasets/standardization.hpp"
#include "datasets/synthetic.hpp"
