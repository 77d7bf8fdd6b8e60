// The CUDA tables of core's tensor ops without a GPU: the passes of
// cuda/kernels/{elementwise,reduce,shape,sum}_bodies.hpp run on the host
// (tests/host_exec.hpp: run_on_host, the same split sums) against the CPU
// tables, forward and backward, on random shapes (odd extents, rank up to 4,
// every kind of broadcasting). Links tunet_core only: runs in every build.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/op_kernels.hpp"
#include "core/random.hpp"
#include "cuda/kernels/elementwise_bodies.hpp"
#include "cuda/kernels/reduce_bodies.hpp"
#include "cuda/kernels/shape_bodies.hpp"
#include "cuda/kernels/sum_bodies.hpp"
#include "host_exec.hpp"

using namespace tunet;
using tunet::test::HostExec;

namespace {

Tensor uniform(const Shape& shape, float low, float high, uint64_t seed) {
  Tensor t = Tensor::empty(shape);
  Rng(seed).fill_uniform(t, low, high);
  return t;
}

// |got - want| <= tol (|want| + scale) everywhere; `scale` covers sums whose
// terms cancel (the two sides add them in different orders and precisions).
void check_near(const Tensor& got, const Tensor& want, const std::string& what, double tol = 1e-5,
                double scale = 1.0) {
  REQUIRE_MESSAGE(got.numel() == want.numel(), what);
  const float* g = got.data();
  const float* w = want.data();
  for (int64_t i = 0; i < got.numel(); ++i) {
    if (std::fabs(double(g[i]) - w[i]) <= tol * (std::fabs(double(w[i])) + scale)) continue;
    FAIL_CHECK(what << ": element " << i << " is " << g[i] << ", expected " << w[i]);
    return;
  }
}

void check_same_bits(const Tensor& got, const Tensor& want, const std::string& what) {
  REQUIRE_MESSAGE(got.numel() == want.numel(), what);
  CHECK_MESSAGE(std::memcmp(got.data(), want.data(), sizeof(float) * size_t(got.numel())) == 0, what);
}

// Odd and small extents, 1 included (the broadcast case).
Shape random_shape(std::mt19937& rng, int max_rank) {
  static constexpr int64_t kExtents[] = {1, 2, 3, 5, 7};
  Shape shape(std::uniform_int_distribution<int>(0, max_rank)(rng));
  for (int64_t& e : shape) e = kExtents[std::uniform_int_distribution<int>(0, 4)(rng)];
  return shape;
}

// A shape that broadcasts to `out`: some leading axes dropped, some extents 1.
Shape broadcast_operand(std::mt19937& rng, const Shape& out) {
  const int drop = std::uniform_int_distribution<int>(0, static_cast<int>(out.size()))(rng) / 2;
  Shape s(out.begin() + drop, out.end());
  for (int64_t& e : s)
    if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) e = 1;
  return s;
}

constexpr BinaryOp kBinaryOps[] = {BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul, BinaryOp::Div};
const char* name_of(BinaryOp op) {
  constexpr const char* kNames[] = {"add", "sub", "mul", "div"};
  return kNames[static_cast<int>(op)];
}

std::string case_name(BinaryOp op, const Shape& a, const Shape& b) {
  return std::string(name_of(op)) + " " + shape_str(a) + " with " + shape_str(b);
}

}  // namespace

// ---- elementwise ----

TEST_CASE("coalesce merges axes both inputs step through as one, and drops extent-1 axes") {
  const BroadcastPlan p = cuda::coalesce(plan_broadcast({4, 5, 6}, {5, 6}, {4, 5, 6}));
  REQUIRE(p.rank == 2);
  CHECK(p.extent[0] == 4);
  CHECK(p.extent[1] == 30);
  CHECK(p.stride_a[1] == 1);
  CHECK(p.stride_b[0] == 0);
  CHECK(p.stride_b[1] == 1);
  const BroadcastPlan q = cuda::coalesce(plan_broadcast({3, 1, 5}, {1, 4, 5}, {3, 4, 5}));
  CHECK(q.rank == 3);  // a and b step differently on every axis
  CHECK(cuda::coalesce(plan_broadcast({1, 1}, {}, {1, 1})).rank == 0);
}

TEST_CASE("binary bodies equal the CPU table forward and backward on random broadcasting shapes") {
  std::mt19937 rng(7);
  const ElementwiseKernels& cpu = ElementwiseKernels::cpu();
  for (int trial = 0; trial < 300; ++trial) {
    const Shape full = random_shape(rng, 4);
    const bool same = trial % 5 == 0;
    const Shape a_shape = same ? full : broadcast_operand(rng, full);
    const Shape b_shape = same ? full : broadcast_operand(rng, full);
    const Shape out_shape = broadcast_shapes(a_shape, b_shape, "test");
    const BroadcastPlan plan = plan_broadcast(a_shape, b_shape, out_shape);
    const BinaryOp op = kBinaryOps[trial % 4];
    const std::string name = case_name(op, a_shape, b_shape);
    const Tensor a = uniform(a_shape, -1, 1, 100 + trial);
    // divisors kept away from 0 so that the gradients stay moderate
    const Tensor b = op == BinaryOp::Div ? uniform(b_shape, 0.5f, 2, 200 + trial) : uniform(b_shape, -1, 1, 200 + trial);

    Tensor out_cpu = Tensor::empty(out_shape), out = Tensor::empty(out_shape);
    cpu.binary(op, plan, a, b, out_cpu);
    HostExec exec;
    cuda::binary_pass(exec, op, plan, a.data(), b.data(), out.data());
    check_same_bits(out, out_cpu, name + " forward");

    const Tensor g = uniform(out_shape, -1, 1, 300 + trial);
    Tensor da_cpu = uniform(a_shape, -1, 1, 400 + trial), db_cpu = uniform(b_shape, -1, 1, 500 + trial);
    Tensor da = da_cpu.clone(), db = db_cpu.clone();
    cpu.binary_backward(op, plan, a, b, g, da_cpu, db_cpu);
    cuda::binary_backward_pass(exec, op, plan, a.data(), b.data(), g.data(), da.data(), db.data());
    // each gradient element sums numel(out) / numel(input) terms of size <= 4 (div: |a| / b^2)
    auto terms_per_element = [&](const Tensor& t) { return 4.0 * double(plan.count) / double(t.numel()); };
    check_near(da, da_cpu, name + " da", 1e-5, terms_per_element(a));
    check_near(db, db_cpu, name + " db", 1e-5, terms_per_element(b));
  }
}

TEST_CASE("binary backward of one input leaves the other alone (null gradient)") {
  const Shape a_shape{5, 1, 3}, b_shape{7, 1}, out_shape{5, 7, 3};
  const BroadcastPlan plan = plan_broadcast(a_shape, b_shape, out_shape);
  const Tensor a = uniform(a_shape, -1, 1, 1), b = uniform(b_shape, -1, 1, 2), g = uniform(out_shape, -1, 1, 3);
  Tensor db_cpu = Tensor::zeros(b_shape), db = Tensor::zeros(b_shape), none;
  ElementwiseKernels::cpu().binary_backward(BinaryOp::Mul, plan, a, b, g, none, db_cpu);
  HostExec exec;
  cuda::binary_backward_pass(exec, BinaryOp::Mul, plan, a.data(), b.data(), g.data(), nullptr, db.data());
  check_near(db, db_cpu, "db alone");
}

TEST_CASE("a scalar broadcast over many elements: its gradient is a split sum (partial sums, second pass)") {
  const Shape a_shape{}, b_shape{9, 11, 31}, out_shape{9, 11, 31};  // 3069 terms into one element
  const BroadcastPlan plan = plan_broadcast(a_shape, b_shape, out_shape);
  REQUIRE(cuda::split_sum(1, 3069).chunks > 1);
  const Tensor a = uniform(a_shape, -1, 1, 4), b = uniform(b_shape, -1, 1, 5), g = uniform(out_shape, -1, 1, 6);
  for (BinaryOp op : {BinaryOp::Add, BinaryOp::Mul, BinaryOp::Sub}) {
    Tensor da_cpu = Tensor::full(a_shape, 0.5f), db_cpu = Tensor::zeros(b_shape);
    Tensor da = da_cpu.clone(), db = db_cpu.clone();
    ElementwiseKernels::cpu().binary_backward(op, plan, a, b, g, da_cpu, db_cpu);
    HostExec exec;
    cuda::binary_backward_pass(exec, op, plan, a.data(), b.data(), g.data(), da.data(), db.data());
    check_near(da, da_cpu, std::string(name_of(op)) + " d scalar", 1e-5, 3069);
    check_near(db, db_cpu, std::string(name_of(op)) + " d tensor");
  }
}

TEST_CASE("unary bodies equal the CPU table forward and backward") {
  struct Case {
    UnaryOp op;
    float parameter, low, high;
    const char* name;
  };
  const Case cases[] = {{UnaryOp::Neg, 0, -3, 3, "neg"},          {UnaryOp::Exp, 0, -3, 3, "exp"},
                        {UnaryOp::Log, 0, 0.1f, 4, "log"},        {UnaryOp::Sqrt, 0, 0.1f, 4, "sqrt"},
                        {UnaryOp::Pow, 2.5f, 0.1f, 3, "pow 2.5"}, {UnaryOp::Pow, 3, -2, 2, "pow 3"}};
  const ElementwiseKernels& cpu = ElementwiseKernels::cpu();
  std::mt19937 rng(3);
  int seed = 0;
  for (const Case& c : cases)
    for (int trial = 0; trial < 5; ++trial) {
      const Shape shape = random_shape(rng, 4);
      const Tensor x = uniform(shape, c.low, c.high, ++seed);
      Tensor y_cpu = Tensor::empty(shape), y = Tensor::empty(shape);
      cpu.unary(c.op, c.parameter, x, y_cpu);
      HostExec exec;
      cuda::unary_pass(exec, c.op, c.parameter, x.data(), y.data(), x.numel());
      check_same_bits(y, y_cpu, std::string(c.name) + " " + shape_str(shape));

      const Tensor g = uniform(shape, -1, 1, ++seed);
      Tensor dx_cpu = uniform(shape, -1, 1, ++seed);
      Tensor dx = dx_cpu.clone();
      cpu.unary_backward(c.op, c.parameter, x, y_cpu, g, dx_cpu);
      cuda::unary_backward_pass(exec, c.op, c.parameter, x.data(), y_cpu.data(), g.data(), dx.data(), x.numel());
      check_near(dx, dx_cpu, std::string(c.name) + " backward " + shape_str(shape));
    }
}

TEST_CASE("fill body") {
  std::vector<float> v(37, 1.0f);
  cuda::run_on_host(37, cuda::FillBody{v.data(), -2.5f});
  for (float x : v) CHECK(x == -2.5f);
}

// ---- split sums ----

namespace {
struct IotaTerms {  // term (j, k) = j + k / 8
  TUNET_HD int64_t base(int64_t j) const { return j; }
  TUNET_HD double at(int64_t j, int64_t k) const { return double(j) + double(k) / 8; }
};
}  // namespace

TEST_CASE("split_sum: one run while outputs or terms are few, runs that cover every term otherwise") {
  CHECK(cuda::split_sum(100000, 5000).chunks == 1);
  CHECK(cuda::split_sum(3, 1000).chunks == 1);
  for (int64_t outputs : {1, 3, 64, 1000})
    for (int64_t terms : {1025, 4097, 100003}) {
      const cuda::ChunkedSum s = cuda::split_sum(outputs, terms);
      CHECK(s.chunks > 1);
      CHECK(s.chunk * s.chunks >= terms);
      CHECK(s.chunk * (s.chunks - 1) < terms);  // no empty run
      std::vector<float> out(size_t(outputs), 1.0f);
      cuda::sum_terms_on_host(IotaTerms{}, s, out.data(), true);
      for (int64_t j = 0; j < outputs; ++j) {
        const double want = 1.0 + double(j) * terms + double(terms) * (terms - 1) / 16;
        CHECK(out[size_t(j)] == doctest::Approx(want).epsilon(1e-6));
      }
    }
}

// ---- reduce ----

TEST_CASE("reduce bodies equal the CPU table over every axis of random shapes") {
  std::mt19937 rng(11);
  const ReduceKernels& cpu = ReduceKernels::cpu();
  for (int trial = 0; trial < 60; ++trial) {
    Shape shape = random_shape(rng, 4);
    if (shape.empty()) shape = {5};
    Tensor in = uniform(shape, -2, 2, trial);
    if (trial % 3 == 0)  // small integers: ties, where the first index must win
      for (float& v : in.values()) v = std::round(v);
    for (size_t axis = 0; axis < shape.size(); ++axis) {
      AxisSplit s;
      for (size_t i = 0; i < axis; ++i) s.outer *= shape[i];
      s.n = shape[axis];
      for (size_t i = axis + 1; i < shape.size(); ++i) s.inner *= shape[i];
      const std::string name = shape_str(shape) + " axis " + std::to_string(axis);
      const Shape reduced{s.outer, s.inner};
      HostExec exec;

      Tensor sum_cpu = Tensor::empty(reduced), sum = Tensor::empty(reduced);
      cpu.sum_axis(in, s, sum_cpu);
      cuda::sum_axis_pass(exec, in.data(), s, sum.data());
      check_near(sum, sum_cpu, name + " sum", 1e-5, double(s.n));

      const Tensor g = uniform(reduced, -1, 1, 1000 + trial);
      Tensor din_cpu = uniform(shape, -1, 1, 2000 + trial);
      Tensor din = din_cpu.clone();
      cpu.sum_axis_backward(g, s, din_cpu);
      cuda::sum_axis_backward_pass(exec, g.data(), s, din.data());
      check_same_bits(din, din_cpu, name + " sum backward");

      Tensor max_cpu = Tensor::empty(reduced), arg_cpu = Tensor::empty(reduced);
      Tensor max = Tensor::empty(reduced), arg = Tensor::empty(reduced);
      cpu.max_axis(in, s, max_cpu, arg_cpu);
      cuda::max_axis_pass(exec, in.data(), s, max.data(), reinterpret_cast<int32_t*>(arg.data()));
      check_same_bits(max, max_cpu, name + " max");
      check_same_bits(arg, arg_cpu, name + " argmax");

      Tensor dmax_cpu = uniform(shape, -1, 1, 3000 + trial);
      Tensor dmax = dmax_cpu.clone();
      cpu.max_axis_backward(g, arg_cpu, s, dmax_cpu);
      cuda::max_axis_backward_pass(exec, g.data(), reinterpret_cast<const int32_t*>(arg.data()), s, dmax.data());
      check_same_bits(dmax, dmax_cpu, name + " max backward");
    }
  }
}

TEST_CASE("sum over a long axis with few outputs: split into runs, equal to the CPU") {
  const AxisSplit s{.outer = 2, .n = 6007, .inner = 3};
  REQUIRE(cuda::split_sum(s.outer * s.inner, s.n).chunks > 1);
  const Tensor in = uniform({2, 6007, 3}, -1, 1, 9);
  Tensor sum_cpu = Tensor::empty({2, 3}), sum = Tensor::empty({2, 3});
  ReduceKernels::cpu().sum_axis(in, s, sum_cpu);
  HostExec exec;
  cuda::sum_axis_pass(exec, in.data(), s, sum.data());
  check_near(sum, sum_cpu, "long sum", 1e-5, 100);
  // max without argmax (inference)
  Tensor max_cpu = Tensor::empty({2, 3}), max = Tensor::empty({2, 3}), none;
  ReduceKernels::cpu().max_axis(in, s, max_cpu, none);
  cuda::max_axis_pass(exec, in.data(), s, max.data(), nullptr);
  check_same_bits(max, max_cpu, "max without argmax");
}

TEST_CASE("sum of squares: CUB's transform (x^2 in double) and the store equal the CPU table") {
  const Tensor x = uniform({1001}, -3, 3, 12);
  Tensor want = Tensor::empty({});
  ReduceKernels::cpu().sum_squares(x, want);
  double sum = 0;
  for (float v : x.values()) sum += cuda::SquareToDouble{}(v);
  Tensor got = Tensor::empty({});
  cuda::run_on_host(1, cuda::StoreSumBody{&sum, got.data()});
  check_near(got, want, "sum of squares");
}

// ---- shape ----

TEST_CASE("swap_axes body equals the CPU table, copying and accumulating") {
  std::mt19937 rng(5);
  static constexpr int64_t kExtents[] = {1, 2, 3, 5, 7};
  auto extent = [&] { return kExtents[std::uniform_int_distribution<int>(0, 4)(rng)]; };
  for (int trial = 0; trial < 40; ++trial) {
    const SwapAxes s{.outer = extent(), .n0 = extent(), .middle = extent(), .n1 = extent(), .inner = extent()};
    const int64_t count = s.outer * s.n0 * s.middle * s.n1 * s.inner;
    const Tensor in = uniform({count}, -1, 1, trial);
    for (bool accumulate : {false, true}) {
      Tensor out_cpu = uniform({count}, -1, 1, 100 + trial);
      Tensor out = out_cpu.clone();
      ShapeKernels::cpu().swap_axes(in, s, out_cpu, accumulate);
      HostExec exec;
      cuda::swap_axes_pass(exec, in.data(), s, out.data(), accumulate);
      check_same_bits(out, out_cpu, "swap_axes " + std::to_string(trial) + (accumulate ? " accumulate" : ""));
    }
  }
}

TEST_CASE("copy_rows body equals the CPU table at offsets and strides") {
  struct Case {
    int64_t src_offset, src_stride, dst_offset, dst_stride, rows, width;
  };
  const Case cases[] = {{0, 7, 0, 7, 5, 7}, {3, 11, 2, 9, 4, 5}, {1, 5, 0, 13, 7, 5}, {0, 3, 4, 3, 1, 3},
                        {2, 4, 1, 6, 3, 0}};
  int seed = 0;
  for (const Case& c : cases)
    for (bool accumulate : {false, true}) {
      const Tensor src = uniform({c.src_offset + c.rows * c.src_stride}, -1, 1, ++seed);
      Tensor dst_cpu = uniform({c.dst_offset + c.rows * c.dst_stride}, -1, 1, ++seed);
      Tensor dst = dst_cpu.clone();
      ShapeKernels::cpu().copy_rows(src, c.src_offset, c.src_stride, dst_cpu, c.dst_offset, c.dst_stride, c.rows,
                                    c.width, accumulate);
      HostExec exec;
      cuda::copy_rows_pass(exec, src.data() + c.src_offset, c.src_stride, dst.data() + c.dst_offset, c.dst_stride,
                           c.rows, c.width, accumulate);
      check_same_bits(dst, dst_cpu, "copy_rows rows " + std::to_string(c.rows) + " width " + std::to_string(c.width));
    }
}
