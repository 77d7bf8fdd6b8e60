// Synthetic sets: shapes, balanced classes, the geometry they promise, seeds that reproduce.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "datasets/synthetic.hpp"

using namespace tunet::datasets;
using doctest::Approx;
using tunet::Shape;

TEST_CASE("two_spirals: two balanced classes, radius t / t_max, reproducible") {
  const Dataset s = two_spirals({.samples_per_class = 50, .noise = 0.0, .seed = 1});
  CHECK(s.x.shape() == Shape{100, 2});
  CHECK(s.class_counts() == std::vector<int64_t>{50, 50});
  // Without noise, sample 2k and 2k+1 are the same point of the two spirals, mirrored through 0.
  for (int64_t k = 0; k < 50; ++k) {
    CHECK(s.x.at({2 * k, 0}) == Approx(-s.x.at({2 * k + 1, 0})).epsilon(1e-4));
    CHECK(std::hypot(s.x.at({2 * k, 0}), s.x.at({2 * k, 1})) == Approx(k / 50.0).epsilon(1e-4));
  }
  const Dataset a = two_spirals({.seed = 3}), b = two_spirals({.seed = 3}), c = two_spirals({.seed = 4});
  CHECK(a.x.to_vector() == b.x.to_vector());
  CHECK(a.x.to_vector() != c.x.to_vector());
}

TEST_CASE("gaussian_blobs: class means near distinct centres") {
  const Dataset b = gaussian_blobs({.samples_per_class = 400, .classes = 3, .features = 4, .stddev = 0.5, .seed = 2});
  CHECK(b.x.shape() == Shape{1200, 4});
  CHECK(b.class_counts() == std::vector<int64_t>{400, 400, 400});
  // The sample mean of a class is within a few standard errors (0.5 / sqrt(400) = 0.025) of its centre,
  // and the spread around it is the requested stddev.
  std::vector<double> mean(12, 0.0), sq(12, 0.0);
  for (int64_t i = 0; i < 1200; ++i) {
    const int c = static_cast<int>(b.y.data()[i]);
    for (int f = 0; f < 4; ++f) mean[c * 4 + f] += b.x.at({i, f}) / 400.0;
  }
  for (int64_t i = 0; i < 1200; ++i) {
    const int c = static_cast<int>(b.y.data()[i]);
    for (int f = 0; f < 4; ++f) sq[c * 4 + f] += std::pow(b.x.at({i, f}) - mean[c * 4 + f], 2) / 400.0;
  }
  for (double v : sq) CHECK(std::sqrt(v) == Approx(0.5).epsilon(0.15));
  for (double m : mean) CHECK(std::abs(m) <= 10.1);
  const double gap = std::abs(mean[0] - mean[4]) + std::abs(mean[1] - mean[5]);
  CHECK(gap > 0.5);
}

TEST_CASE("xor_points: the label is whether the corner's signs differ") {
  const Dataset x = xor_points({.samples = 400, .noise = 0.1, .seed = 5});
  CHECK(x.x.shape() == Shape{400, 2});
  CHECK(x.class_counts() == std::vector<int64_t>{200, 200});
  int agree = 0;
  for (int64_t i = 0; i < 400; ++i) {
    const bool differ = (x.x.at({i, 0}) > 0) != (x.x.at({i, 1}) > 0);
    agree += differ == (x.y.data()[i] == 1.0f);
  }
  CHECK(agree == 400);  // noise 0.1 around +-1 never crosses 0 at 10 sigma
}

TEST_CASE("regression_curve: y = sin(2 pi x) plus noise, targets (N, 1)") {
  const Dataset r = regression_curve({.samples = 64, .noise = 0.0, .seed = 6});
  CHECK(r.num_classes == 0);
  CHECK(r.x.shape() == Shape{64, 1});
  CHECK(r.y.shape() == Shape{64, 1});
  for (int64_t i = 0; i < 64; ++i) {
    const float x = r.x.data()[i];
    CHECK(x >= -1.0f);
    CHECK(x <= 1.0f);
    CHECK(r.y.data()[i] == Approx(std::sin(2 * std::numbers::pi * x)).epsilon(1e-4));
  }
  CHECK_THROWS_AS(regression_curve({.samples = 0}), tunet::Error);
}
