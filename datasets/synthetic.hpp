#pragma once
// Small seeded data sets for tests and teaching. The same options and seed
// give the same samples on every machine (tunet::Rng). Samples of the classes
// alternate (class i % K for sample i), so take(n) holds every class.
//
//   Dataset s = two_spirals({.samples_per_class = 200, .noise = 0.05, .seed = 1});
//   Dataset b = gaussian_blobs({.classes = 4, .features = 2, .seed = 2});
//   Dataset x = xor_points({.samples = 400, .seed = 3});
//   Dataset r = regression_curve({.samples = 100, .seed = 4});   // y (N, 1)
#include <cstdint>

#include "datasets/dataset.hpp"

namespace tunet::datasets {

// Two interleaved spirals in the plane; class c is the other spiral rotated by pi:
//   t in [0, turns * 2 pi],  r = t / (turns * 2 pi),
//   (x, y) = r * (cos(t + c pi), sin(t + c pi)) + N(0, noise^2) per coordinate.
struct SpiralOptions {
  int64_t samples_per_class = 100;
  double turns = 1.5;
  double noise = 0.02;
  uint64_t seed = 0;
};
Dataset two_spirals(SpiralOptions options = {});

// `classes` isotropic Gaussian clouds; the centres are drawn uniformly from
// [-center_box, center_box]^features, each sample is centre + N(0, stddev^2 I).
struct BlobOptions {
  int64_t samples_per_class = 100;
  int classes = 3;
  int features = 2;
  double stddev = 1.0;
  double center_box = 10.0;
  uint64_t seed = 0;
};
Dataset gaussian_blobs(BlobOptions options = {});

// XOR: points around the four corners (+-1, +-1), N(0, noise^2) per coordinate;
// class 1 when the corner's coordinates have different signs, else 0.
struct XorOptions {
  int64_t samples = 200;
  double noise = 0.25;
  uint64_t seed = 0;
};
Dataset xor_points(XorOptions options = {});

// 1-D regression: x uniform in [-1, 1], y = sin(2 pi x) + N(0, noise^2);
// x of shape (N, 1), y of shape (N, 1), num_classes 0.
struct CurveOptions {
  int64_t samples = 200;
  double noise = 0.1;
  uint64_t seed = 0;
};
Dataset regression_curve(CurveOptions options = {});

}  // namespace tunet::datasets
