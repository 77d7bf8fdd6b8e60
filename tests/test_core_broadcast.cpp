// Broadcasting follows NumPy: align trailing axes, extent 1 stretches,
// missing leading axes count as 1. Expected values computed by hand.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "core/op_kernels.hpp"
#include "core/ops.hpp"

using namespace tunet;

TEST_CASE("broadcast shapes") {
  CHECK(broadcast_shapes({2, 3}, {3}, "t") == Shape{2, 3});
  CHECK(broadcast_shapes({2, 1}, {1, 3}, "t") == Shape{2, 3});
  CHECK(broadcast_shapes({}, {4, 5}, "t") == Shape{4, 5});
  CHECK(broadcast_shapes({5, 1, 4}, {3, 1}, "t") == Shape{5, 3, 4});
  CHECK(broadcast_shapes({1}, {}, "t") == Shape{1});
  CHECK(broadcast_shapes({0, 3}, {1, 3}, "t") == Shape{0, 3});
  CHECK_THROWS_AS(broadcast_shapes({2, 3}, {2}, "t"), Error);
  CHECK_THROWS_AS(broadcast_shapes({4, 3}, {2, 3}, "t"), Error);
}

TEST_CASE("the broadcast plan: per output axis, each input's stride (0 where it stretches)") {
  const BroadcastPlan p = plan_broadcast({2, 1, 3}, {4, 1}, {2, 4, 3});
  CHECK(p.rank == 3);
  CHECK(p.count == 24);
  CHECK_FALSE(p.same);
  CHECK(std::vector<int64_t>(p.extent, p.extent + 3) == std::vector<int64_t>{2, 4, 3});
  CHECK(std::vector<int64_t>(p.stride_a, p.stride_a + 3) == std::vector<int64_t>{3, 0, 1});
  CHECK(std::vector<int64_t>(p.stride_b, p.stride_b + 3) == std::vector<int64_t>{0, 1, 0});
  const BroadcastPlan flat = plan_broadcast({2, 3}, {2, 3}, {2, 3});  // one shape: one flat axis
  CHECK(flat.same);
  CHECK(flat.rank == 1);
  CHECK(flat.extent[0] == 6);
  CHECK(flat.stride_a[0] == 1);
  CHECK(flat.stride_b[0] == 1);
  const Shape deep = {1, 1, 1, 1, 1, 1, 1, 1, 2};  // rank 9: fine unbroadcast, refused broadcast
  CHECK(plan_broadcast(deep, deep, deep).count == 2);
  CHECK_THROWS_AS(plan_broadcast(deep, {2}, deep), Error);
  const BroadcastPlan scalar = plan_broadcast({}, {1}, {1});
  CHECK(scalar.rank == 1);
  CHECK(scalar.stride_a[0] == 0);
  CHECK(scalar.count == 1);
}

TEST_CASE("row plus column gives the outer sum") {
  Tensor col = Tensor::from({2, 1}, {10, 20});
  Tensor row = Tensor::from({3}, {1, 2, 3});
  Tensor s = col + row;
  CHECK(s.shape() == Shape{2, 3});
  CHECK(s.to_vector() == std::vector<float>{11, 12, 13, 21, 22, 23});
}

TEST_CASE("scalar and rank mismatch") {
  Tensor a = Tensor::from({2, 2}, {1, 2, 3, 4});
  CHECK((a * 2.0f).to_vector() == std::vector<float>{2, 4, 6, 8});
  CHECK((Tensor::scalar(1.0f) - a).to_vector() == std::vector<float>{0, -1, -2, -3});
  Tensor b = Tensor::from({2, 1, 2}, {1, 2, 3, 4});
  Tensor c = Tensor::from({3, 1}, {0, 10, 100});
  Tensor d = b + c;  // (2,1,2) + (3,1) -> (2,3,2)
  CHECK(d.shape() == Shape{2, 3, 2});
  CHECK(d.to_vector() == std::vector<float>{1, 2, 11, 12, 101, 102, 3, 4, 13, 14, 103, 104});
  Tensor e = Tensor::from({2, 3}, {6, 8, 10, 12, 14, 16}) / Tensor::from({3}, {2, 4, 5});
  CHECK(e.to_vector() == std::vector<float>{3, 2, 2, 6, 3.5, 3.2f});
}

TEST_CASE("gradients of a broadcast input are summed over the stretched axes") {
  Tensor a = Tensor::ones({2, 3}).requires_grad_();
  Tensor bias = Tensor::from({3}, {1, 2, 3}).requires_grad_();
  Tensor column = Tensor::from({2, 1}, {1, 2}).requires_grad_();
  sum((a + bias) * column).backward();
  CHECK(bias.grad().to_vector() == std::vector<float>{3, 3, 3});   // sum of column over rows
  CHECK(column.grad().to_vector() == std::vector<float>{9, 9});    // sum of (1 + bias) per row
  CHECK(a.grad().to_vector() == std::vector<float>{1, 1, 1, 2, 2, 2});
}

TEST_CASE("reduce_to_shape") {
  Tensor g = Tensor::ones({4, 2, 3});
  CHECK(reduce_to_shape(g, {3}).to_vector() == std::vector<float>{8, 8, 8});
  CHECK(reduce_to_shape(g, {2, 1}).to_vector() == std::vector<float>{12, 12});
  CHECK(reduce_to_shape(g, {}).item() == 24);
}
