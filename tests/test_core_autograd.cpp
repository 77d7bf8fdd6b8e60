// Finite-difference gradient checks (tests/gradcheck.hpp) for every core op,
// on random shapes, broadcasting cases included.
#include <doctest/doctest.h>

#include "core/autograd.hpp"
#include "core/error.hpp"
#include "core/ops.hpp"
#include "core/random.hpp"
#include "gradcheck.hpp"

using namespace tunet;
using testing::gradcheck;

namespace {

Tensor random_tensor(Shape shape, Rng& rng, float low = -1.0f, float high = 1.0f) {
  Tensor t = Tensor::empty(std::move(shape));
  rng.fill_uniform(t, low, high);
  return t;
}

// A random shape of the given rank with extents in [1, 4].
Shape random_shape(int rank, Rng& rng) {
  Shape s;
  for (int i = 0; i < rank; ++i) s.push_back(1 + static_cast<int64_t>(rng.below(4)));
  return s;
}

void expect_ok(const testing::GradCheckResult& r) {
  INFO(r.worst);
  CHECK(r.ok);
}

}  // namespace

TEST_CASE("binary ops, same shapes and broadcasting") {
  Rng rng(1);
  const std::vector<std::pair<Shape, Shape>> cases = {
      {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{2, 1, 3}, {4, 1}}, {{}, {2, 3}}, {{2, 3}, {1, 1}}, {{1}, {}}};
  for (int trial = 0; trial < 3; ++trial) {
    const Shape s = random_shape(1 + trial, rng);
    std::vector<std::pair<Shape, Shape>> all = cases;
    all.push_back({s, s});
    for (const auto& shapes : all) {
      const Shape& sa = shapes.first;  // (named, not bound: clang 14 lambdas cannot capture bindings)
      const Shape& sb = shapes.second;
      CAPTURE(shape_str(sa));
      CAPTURE(shape_str(sb));
      Tensor a = random_tensor(sa, rng), b = random_tensor(sb, rng);
      Tensor b_positive = random_tensor(sb, rng, 0.5f, 2.0f);
      expect_ok(gradcheck([](const auto& x) { return x[0] + x[1]; }, {a, b}));
      expect_ok(gradcheck([](const auto& x) { return x[0] - x[1]; }, {a, b}));
      expect_ok(gradcheck([](const auto& x) { return x[0] * x[1]; }, {a, b}));
      expect_ok(gradcheck([](const auto& x) { return x[0] / x[1]; }, {a, b_positive}));
    }
  }
}

TEST_CASE("unary ops") {
  Rng rng(2);
  Tensor x = random_tensor({3, 5}, rng);
  Tensor positive = random_tensor({3, 5}, rng, 0.5f, 2.0f);
  expect_ok(gradcheck([](const auto& v) { return neg(v[0]); }, {x}));
  expect_ok(gradcheck([](const auto& v) { return exp(v[0]); }, {x}));
  expect_ok(gradcheck([](const auto& v) { return log(v[0]); }, {positive}));
  expect_ok(gradcheck([](const auto& v) { return sqrt(v[0]); }, {positive}));
  expect_ok(gradcheck([](const auto& v) { return pow(v[0], 3.0f); }, {x}));
  expect_ok(gradcheck([](const auto& v) { return pow(v[0], -0.5f); }, {positive}));
}

TEST_CASE("matmul: 2-D, batched, batched with a shared right operand") {
  Rng rng(3);
  expect_ok(gradcheck([](const auto& v) { return matmul(v[0], v[1]); },
                      {random_tensor({3, 4}, rng), random_tensor({4, 2}, rng)}));
  expect_ok(gradcheck([](const auto& v) { return matmul(v[0], v[1]); },
                      {random_tensor({2, 3, 4}, rng), random_tensor({2, 4, 5}, rng)}));
  expect_ok(gradcheck([](const auto& v) { return matmul(v[0], v[1]); },
                      {random_tensor({2, 3, 4}, rng), random_tensor({4, 5}, rng)}));
  Tensor a = Tensor::from({2, 2}, {1, 2, 3, 4}), b = Tensor::from({2, 1}, {5, 6});
  CHECK(matmul(a, b).to_vector() == std::vector<float>{17, 39});
}

TEST_CASE("reductions over axes and over all") {
  Rng rng(4);
  Tensor x = random_tensor({2, 3, 4}, rng);
  for (bool keep : {false, true}) {
    for (std::vector<int> axes : std::vector<std::vector<int>>{{}, {0}, {1}, {-1}, {0, 2}}) {
      expect_ok(gradcheck([&](const auto& v) { return sum(v[0], axes, keep); }, {x}));
      expect_ok(gradcheck([&](const auto& v) { return mean(v[0], axes, keep); }, {x}));
      expect_ok(gradcheck([&](const auto& v) { return max(v[0], axes, keep); }, {x}));
    }
  }
  Tensor t = Tensor::from({2, 3}, {1, 5, 2, 7, 0, 3});
  CHECK(sum(t, {1}).to_vector() == std::vector<float>{8, 10});
  CHECK(sum(t, {0}, true).shape() == Shape{1, 3});
  CHECK(mean(t).item() == doctest::Approx(3.0));
  CHECK(max(t, {1}).to_vector() == std::vector<float>{5, 7});
  CHECK(max(t).item() == 7);
  CHECK(sum(Tensor::scalar(4.0f)).item() == 4);
}

TEST_CASE("shape ops") {
  Rng rng(5);
  Tensor x = random_tensor({2, 3, 4}, rng);
  expect_ok(gradcheck([](const auto& v) { return reshape(v[0], {4, -1}); }, {x}));
  expect_ok(gradcheck([](const auto& v) { return flatten(v[0]); }, {x}));
  expect_ok(gradcheck([](const auto& v) { return transpose(v[0]); }, {x}));
  expect_ok(gradcheck([](const auto& v) { return transpose(v[0], 0, 2); }, {x}));
  expect_ok(gradcheck([](const auto& v) { return slice(v[0], 1, 1, 3); }, {x}));
  expect_ok(gradcheck([](const auto& v) { return concat({v[0], v[1]}, 1); }, {x, random_tensor({2, 2, 4}, rng)}));
  expect_ok(gradcheck([](const auto& v) { return concat({v[0], v[1], v[0]}, -1); },
                      {x, random_tensor({2, 3, 1}, rng)}));
  expect_ok(gradcheck([](const auto& v) { return reduce_to_shape(v[0], {3, 1}); }, {x}));
  Tensor t = Tensor::from({2, 3}, {1, 2, 3, 4, 5, 6});
  CHECK(transpose(t).to_vector() == std::vector<float>{1, 4, 2, 5, 3, 6});
  CHECK(slice(t, 1, 1, 2).to_vector() == std::vector<float>{2, 5});
  CHECK(concat({t, t}, 0).shape() == Shape{4, 3});
  CHECK_THROWS_AS(slice(t, 1, 2, 4), Error);
  CHECK_THROWS_AS(concat({t, Tensor::zeros({3, 2})}, 0), Error);
}

TEST_CASE("a tensor used twice accumulates both paths") {
  Tensor x = Tensor::from({2}, {3, -2}).requires_grad_();
  sum(x * x + x).backward();  // d/dx (x^2 + x) = 2x + 1
  CHECK(x.grad().to_vector() == std::vector<float>{7, -3});
  x.zero_grad();
  sum(x * 2.0f).backward();
  CHECK(x.grad().to_vector() == std::vector<float>{2, 2});
}

TEST_CASE("gradients accumulate across backward calls until zeroed") {
  Tensor w = Tensor::from({1}, {1}).requires_grad_();
  sum(w * 3.0f).backward();
  sum(w * 3.0f).backward();
  CHECK(w.grad().item() == 6.0f);
}

TEST_CASE("no-grad scope records nothing") {
  Tensor w = Tensor::ones({2}).requires_grad_();
  {
    NoGradGuard guard;
    Tensor y = w * 2.0f;
    CHECK_FALSE(y.requires_grad());
    CHECK(y.is_leaf());
  }
  Tensor y = w * 2.0f;
  CHECK(y.requires_grad());
  CHECK_FALSE(y.is_leaf());
}

TEST_CASE("the graph is freed after backward") {
  Tensor w = Tensor::ones({2}).requires_grad_();
  Tensor hidden = exp(w);
  Tensor loss = sum(hidden);
  loss.backward();
  CHECK(hidden.is_leaf());  // its node was released
  CHECK(loss.is_leaf());
  CHECK_THROWS_AS(Tensor::ones({2}).backward(), Error);
}

TEST_CASE("deep graphs do not overflow the stack") {
  Tensor x = Tensor::from({1}, {0}).requires_grad_();
  Tensor y = x;
  for (int i = 0; i < 200000; ++i) y = y + 1.0f;
  sum(y).backward();
  CHECK(x.grad().item() == 1.0f);
}
