// Transforms: area and bilinear resizing against hand-computed and PyTorch values,
// reshapes, scaling, one-hot, taking samples.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "datasets/dataset.hpp"
#include "datasets/synthetic.hpp"

using namespace tunet::datasets;
using doctest::Approx;
using doctest::Contains;
using tunet::Error;
using tunet::Shape;
using tunet::Tensor;

namespace {

void check_close(const Tensor& got, const std::vector<float>& want, double eps = 1e-5) {
  const std::vector<float> values = got.to_vector();
  REQUIRE(values.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) CHECK(values[i] == Approx(want[i]).epsilon(eps));
}

Dataset images(Shape shape) {
  Dataset d;
  d.x = Tensor::empty(shape);
  float* x = d.x.data();
  for (int64_t i = 0; i < d.x.numel(); ++i) x[i] = static_cast<float>(i);
  d.y = Tensor::zeros({shape[0]});
  d.num_classes = 1;
  d.class_names = {"only"};
  return d;
}

}  // namespace

TEST_CASE("area resize 4x4 -> 2x2 is the mean of each 2x2 block") {
  // 0  1  2  3
  // 4  5  6  7      top-left block (0 + 1 + 4 + 5) / 4 = 2.5, top-right (2 + 3 + 6 + 7) / 4 = 4.5
  // 8  9 10 11      bottom-left (8 + 9 + 12 + 13) / 4 = 10.5, bottom-right 12.5
  // 12 13 14 15
  const Tensor image = Tensor::from({1, 4, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  check_close(resize_images(image, 2, 2, ResizeMethod::Area), {2.5f, 4.5f, 10.5f, 12.5f});
}

TEST_CASE("area resize with a fractional factor weights the split pixels by their overlap") {
  // 3x3 -> 2x2, span 1.5: output (0, 0) covers rows/cols [0, 1.5): weights 1 and 0.5, over 1.5.
  // 1 2 3
  // 4 5 6   out(0,0) = (1*1 + 0.5*2 + 0.5*4 + 0.25*5) / 2.25 = 5.25 / 2.25
  // 7 8 9   out(0,1) = (0.5*2 + 1*3 + 0.25*5 + 0.5*6) / 2.25 = 8.25 / 2.25
  const Tensor image = Tensor::from({1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  check_close(resize_images(image, 2, 2, ResizeMethod::Area),
              {5.25f / 2.25f, 8.25f / 2.25f, 14.25f / 2.25f, 17.25f / 2.25f});
  // Averaging keeps the mean of a constant image and of the whole image for integer factors.
  const Tensor flat = Tensor::full({1, 28, 28}, 3.0f);
  for (float v : resize_images(flat, 8, 8, ResizeMethod::Area).to_vector()) CHECK(v == Approx(3.0));
}

TEST_CASE("bilinear resize matches PyTorch interpolate(align_corners=False)") {
  const Tensor up = Tensor::from({1, 2, 2}, {0, 1, 2, 3});
  check_close(resize_images(up, 4, 4, ResizeMethod::Bilinear),
              {0.0f, 0.25f, 0.75f, 1.0f, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2.0f, 2.25f, 2.75f, 3.0f});
  // torch.arange(20.).view(1,1,4,5) -> size (3, 2)
  Tensor down = Tensor::empty({1, 4, 5});
  for (int i = 0; i < 20; ++i) down.data()[i] = static_cast<float>(i);
  check_close(resize_images(down, 3, 2, ResizeMethod::Bilinear),
              {1.5833f, 4.0833f, 8.25f, 10.75f, 14.9167f, 17.4167f}, 1e-4);
}

TEST_CASE("Dataset::resize keeps the layout: (N,H,W), (N,C,H,W) and flat square images") {
  CHECK(images({3, 4, 4}).resize(2, 2).x.shape() == Shape{3, 2, 2});
  CHECK(images({3, 2, 4, 4}).resize(2, 2).x.shape() == Shape{3, 2, 2, 2});
  const Dataset flat = images({2, 16}).resize(2, 2);
  CHECK(flat.x.shape() == Shape{2, 4});
  check_close(flat.take(1).x, {2.5f, 4.5f, 10.5f, 12.5f});
  CHECK(images({2, 16}).resize(2, 2, ResizeMethod::Bilinear).x.shape() == Shape{2, 4});
  CHECK_THROWS_WITH_AS(images({2, 15}).resize(2, 2), Contains("flat square"), Error);
  CHECK_THROWS_WITH_AS(images({2, 4, 4}).resize(0, 2), Contains("target size must be positive"), Error);
}

TEST_CASE("flatten, reshape_nchw and scale") {
  const Dataset d = images({2, 4, 4});
  const Dataset flat = d.flatten();
  CHECK(flat.x.shape() == Shape{2, 16});
  CHECK(flat.x.same_storage(d.x));  // a view
  const std::vector<float> second = d.take(2).flatten().subset(std::vector<int64_t>{1}).x.to_vector();
  CHECK(second.front() == 16.0f);  // a copy out of a view (take) of a view (flatten)
  CHECK(second.back() == 31.0f);
  CHECK(flat.reshape_nchw().x.shape() == Shape{2, 1, 4, 4});
  CHECK(d.reshape_nchw().x.shape() == Shape{2, 1, 4, 4});
  CHECK(flat.reshape_nchw(4, 2, 2).x.shape() == Shape{2, 4, 2, 2});
  CHECK_THROWS_WITH_AS(images({2, 12}).reshape_nchw(), Contains("reshape_nchw(channels, height, width)"), Error);
  CHECK_THROWS_WITH_AS(flat.reshape_nchw(3, 2, 2), Contains("cannot be (3, 2, 2)"), Error);

  const Dataset scaled = d.scale(0.5f, 1.0f);
  CHECK(scaled.x.at({1, 3, 3}) == Approx(31 * 0.5 + 1));
  CHECK(d.x.at({1, 3, 3}) == Approx(31.0));  // the source is untouched
}

TEST_CASE("labels, one_hot and class counts") {
  Dataset d = xor_points({.samples = 6, .seed = 3});
  CHECK(d.labels() == std::vector<int>{0, 1, 0, 1, 0, 1});
  CHECK(d.class_counts() == std::vector<int64_t>{3, 3});
  const Tensor hot = d.one_hot();
  CHECK(hot.shape() == Shape{6, 2});
  CHECK(hot.to_vector() == std::vector<float>{1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1});
  CHECK_THROWS_WITH_AS(one_hot(Tensor::from({2}, {0, 2}), 2), Contains("label 2 of sample 1 is not a class index in [0, 2)"), Error);
  CHECK_THROWS_WITH_AS(one_hot(Tensor::from({2}, {0, 0.5f}), 2), Contains("label 0.5 of sample 1"), Error);
  d.y.data()[0] = 7;
  CHECK_THROWS_WITH_AS(d.validate("xor"), Contains("label 7"), Error);
  CHECK_THROWS_WITH_AS(regression_curve({.samples = 4}).one_hot(), Contains("regression"), Error);
}

TEST_CASE("take is a view of the first samples; take_stratified keeps class shares") {
  const Dataset blobs = gaussian_blobs({.samples_per_class = 30, .classes = 3, .seed = 5});
  const Dataset first = blobs.take(7);
  CHECK(first.size() == 7);
  CHECK(first.x.same_storage(blobs.x));
  CHECK(first.y.to_vector() == std::vector<float>{0, 1, 2, 0, 1, 2, 0});
  CHECK_THROWS_WITH_AS(blobs.take(91), Contains("take(91) from a dataset of 90"), Error);

  // 9 of 90 with classes of 30 -> 3 per class.
  const Dataset sub = blobs.take_stratified(9, 11);
  CHECK(sub.class_counts() == std::vector<int64_t>{3, 3, 3});
  CHECK(blobs.take_stratified(9, 11).x.to_vector() == sub.x.to_vector());  // seeded
  CHECK(blobs.take_stratified(0, 1).size() == 0);
  CHECK(blobs.take_stratified(90, 1).size() == 90);
}
