// Splits without leakage: validation from train only, test untouched, k-fold
// partitions, statistics learned from train alone.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "datasets/splits.hpp"
#include "datasets/standardization.hpp"
#include "datasets/synthetic.hpp"

using namespace tunet::datasets;
using doctest::Approx;
using doctest::Contains;
using tunet::Error;
using tunet::Tensor;

namespace {

// n samples whose single feature is their index (an id to follow them through
// splits), with unbalanced classes: label = 0 for i % 5 < 3, 1 for 3, 2 for 4.
Dataset numbered(int64_t n, float first_id = 0) {
  Dataset d;
  d.x = Tensor::empty({n, 1});
  d.y = Tensor::empty({n});
  for (int64_t i = 0; i < n; ++i) {
    d.x.data()[i] = first_id + static_cast<float>(i);
    d.y.data()[i] = static_cast<float>(i % 5 < 3 ? 0 : i % 5 - 2);
  }
  d.num_classes = 3;
  d.class_names = {"a", "b", "c"};
  return d;
}

std::multiset<float> ids(const Dataset& d) {
  const std::vector<float> v = d.x.to_vector();
  return {v.begin(), v.end()};
}

}  // namespace

TEST_CASE("split_validation carves validation out of train only; test is untouched") {
  const Splits original{numbered(103), {}, numbered(20, 1000)};
  for (bool stratify : {true, false}) {
    CAPTURE(stratify);
    const Splits data = original.split_validation(0.2, 42, stratify);
    CHECK(data.validation.size() == 21);  // round(0.2 * 103)
    CHECK(data.train.size() == 82);

    // disjoint, and together exactly the original training set
    std::multiset<float> train = ids(data.train), validation = ids(data.validation);
    std::vector<float> common;
    std::set_intersection(train.begin(), train.end(), validation.begin(), validation.end(), std::back_inserter(common));
    CHECK(common.empty());
    std::multiset<float> together = train;
    together.insert(validation.begin(), validation.end());
    CHECK(together == ids(original.train));
    // labels travel with their samples
    for (const Dataset* part : {&data.train, &data.validation}) {
      for (int64_t i = 0; i < part->size(); ++i) {
        const auto id = static_cast<int64_t>(part->x.data()[i]);
        CHECK(part->y.data()[i] == numbered(103).y.data()[id]);
      }
    }
    // the test set is the very same data
    CHECK(data.test.x.same_storage(original.test.x));
    CHECK(data.test.x.to_vector() == original.test.x.to_vector());
    CHECK(data.test.y.to_vector() == original.test.y.to_vector());
  }
}

TEST_CASE("stratified validation keeps each class's share; seeds reproduce") {
  const Dataset train = numbered(1000);  // classes 600 / 200 / 200
  const Splits data = Splits{train, {}, {}}.split_validation(0.1, 7);
  CHECK(data.validation.class_counts() == std::vector<int64_t>{60, 20, 20});
  CHECK(data.train.class_counts() == std::vector<int64_t>{540, 180, 180});

  const SplitIndices a = split_indices(train, 0.1, 7), b = split_indices(train, 0.1, 7);
  const SplitIndices c = split_indices(train, 0.1, 8);
  CHECK(a.validation == b.validation);
  CHECK(a.validation != c.validation);
  CHECK(std::is_sorted(a.train.begin(), a.train.end()));

  // 0.25 of classes 6 / 2 / 2: wanted round(2.5) = 3; floors 1 / 0 / 0; all remainders 0.5,
  // so the two missing samples go to the lower classes 0 and 1.
  const Dataset ten = numbered(10);
  CHECK(ten.subset(split_indices(ten, 0.25, 1).validation).class_counts() == std::vector<int64_t>{2, 1, 0});
}

TEST_CASE("split errors") {
  const Splits data{numbered(10), {}, {}};
  CHECK_THROWS_WITH_AS(data.split_validation(0.0, 1), Contains("must be in (0, 1)"), Error);
  CHECK_THROWS_WITH_AS(data.split_validation(1.0, 1), Contains("must be in (0, 1)"), Error);
  CHECK_THROWS_WITH_AS(data.split_validation(0.01, 1), Contains("leaves one side empty"), Error);
  CHECK_THROWS_WITH_AS(data.split_validation(0.5, 1).split_validation(0.5, 1), Contains("already has a validation"),
                       Error);
}

TEST_CASE("train_validation_split on a regression set is a plain random split") {
  const Dataset curve = regression_curve({.samples = 50, .seed = 2});
  const TrainValidation parts = train_validation_split(curve, 0.3, 9);
  CHECK(parts.train.size() == 35);
  CHECK(parts.validation.size() == 15);
  CHECK(parts.validation.y.shape() == tunet::Shape{15, 1});
}

TEST_CASE("k_fold: validation parts are disjoint and complete, train is the rest") {
  const Dataset train = numbered(100);
  for (bool stratify : {false, true}) {
    for (bool shuffle : {false, true}) {
      CAPTURE(stratify);
      CAPTURE(shuffle);
      const std::vector<SplitIndices> folds = k_fold(train, {.k = 3, .stratify = stratify, .shuffle = shuffle, .seed = 4});
      REQUIRE(folds.size() == 3);
      std::vector<int64_t> all;
      for (const SplitIndices& fold : folds) {
        CHECK(fold.validation.size() >= 33);
        CHECK(fold.validation.size() <= 34);
        CHECK(fold.train.size() + fold.validation.size() == 100);
        std::vector<int64_t> both = fold.train;
        both.insert(both.end(), fold.validation.begin(), fold.validation.end());
        std::sort(both.begin(), both.end());
        CHECK(std::adjacent_find(both.begin(), both.end()) == both.end());  // train and validation disjoint
        all.insert(all.end(), fold.validation.begin(), fold.validation.end());
        if (stratify) {
          const std::vector<int64_t> counts = train.subset(fold.validation).class_counts();
          CHECK(counts[0] >= 19);  // 60 / 3 = 20 (+-1)
          CHECK(counts[0] <= 21);
          CHECK(counts[1] >= 6);  // 20 / 3
          CHECK(counts[1] <= 7);
        }
      }
      std::sort(all.begin(), all.end());
      std::vector<int64_t> expected(100);
      for (int64_t i = 0; i < 100; ++i) expected[i] = i;
      CHECK(all == expected);
    }
  }
  // Without shuffling or stratifying, folds are contiguous blocks 34 / 33 / 33.
  const std::vector<SplitIndices> blocks = k_fold(train, {.k = 3, .shuffle = false});
  CHECK(blocks[0].validation.front() == 0);
  CHECK(blocks[0].validation.back() == 33);
  CHECK(blocks[1].validation.front() == 34);
  CHECK_THROWS_WITH_AS(k_fold(train, {.k = 1}), Contains("k must be in [2, N = 100]"), Error);
  CHECK_THROWS_WITH_AS(k_fold(regression_curve({.samples = 9}), {.stratify = true}), Contains("class labels"), Error);
}

TEST_CASE("normalize and standardize learn their statistics from train only") {
  Splits data{numbered(11), {}, numbered(3, 20)};  // train ids 0..10, test ids 20..22
  data = data.split_validation(0.2, 3);
  const Splits normalized = data.normalize();
  // train range [0, 10] in the train part (validation samples were removed, so take the train's own range)
  const std::vector<float> train = data.train.x.to_vector();
  const float lo = *std::min_element(train.begin(), train.end());
  const float hi = *std::max_element(train.begin(), train.end());
  CHECK(normalized.test.x.at({0, 0}) == Approx((20 - lo) / (hi - lo)));  // beyond 1: the test's own range is not used
  const std::vector<float> scaled_train = normalized.train.x.to_vector();
  CHECK(*std::min_element(scaled_train.begin(), scaled_train.end()) == Approx(0.0));
  CHECK(*std::max_element(scaled_train.begin(), scaled_train.end()) == Approx(1.0));

  const Standardization scaler = Standardization::fit(data.train);
  const Splits standardized = data.standardize();
  const std::vector<float> z = standardized.train.x.to_vector();
  double mean = 0, sq = 0;
  for (float v : z) mean += v;
  mean /= static_cast<double>(z.size());
  for (float v : z) sq += (v - mean) * (v - mean);
  CHECK(mean == Approx(0.0).epsilon(1e-6));
  CHECK(sq / static_cast<double>(z.size()) == Approx(1.0));
  CHECK(standardized.test.x.at({2, 0}) == Approx((22 - scaler.mean[0]) / scaler.stddev[0]));
  CHECK(standardized.validation.x.at({0, 0}) ==
        Approx((data.validation.x.at({0, 0}) - scaler.mean[0]) / scaler.stddev[0]));

  // A constant feature is centred only.
  Dataset constant = numbered(4);
  constant.x.fill(5.0f);
  const Standardization flat = Standardization::fit(constant);
  CHECK(flat.stddev[0] == 1.0f);
  CHECK(flat.apply(constant).x.at({3, 0}) == 0.0f);
}

TEST_CASE("Splits::take and take_stratified size each part") {
  const Splits data = Splits{numbered(100), {}, numbered(50, 1000)}.split_validation(0.2, 1);
  const Splits small = data.take({.train = 10, .test = 5});
  CHECK(small.train.size() == 10);
  CHECK(small.validation.size() == 20);
  CHECK(small.test.size() == 5);
  CHECK(small.test.x.at({4, 0}) == 1004.0f);
  CHECK_THROWS_WITH_AS(data.take({.test = 51}), Contains("test = 51 but the test set has 50"), Error);

  const Splits strat = data.take_stratified({.train = 40, .validation = 10}, 3);
  CHECK(strat.train.class_counts() == std::vector<int64_t>{24, 8, 8});
  CHECK(strat.validation.class_counts() == std::vector<int64_t>{6, 2, 2});
  CHECK(strat.test.size() == 50);
  CHECK(data.summary() == "train 80, validation 20, test 50; samples (1,); 3 classes");
}
