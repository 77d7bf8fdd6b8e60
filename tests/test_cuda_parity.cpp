// CPU/GPU parity: every op family, forward and backward, on random shapes, the
// GPU's results against the CPU's on the same inputs (relative error <= 1e-5
// for elementwise work, <= 1e-4 where a GEMM or a long sum is involved); and
// the backend itself: transfers, fill, the memory cache, TF32, device errors.
// Runs through tests/gpu_test_main.cpp: skipped, with the reason, where no CUDA
// device is usable.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/conv_ops.hpp"
#include "core/error.hpp"
#include "core/nn_ops.hpp"
#include "core/op_kernels.hpp"
#include "core/ops.hpp"
#include "core/optimizer_step.hpp"
#include "core/random.hpp"
#include "cuda/cuda.hpp"

using namespace tunet;

namespace {

const Device kGpu = Device::cuda();
constexpr double kElementwise = 1e-5;
constexpr double kGemm = 1e-4;

Tensor uniform(const Shape& shape, float low, float high, uint64_t seed) {
  Tensor t = Tensor::empty(shape);
  Rng(seed).fill_uniform(t, low, high);
  return t;
}

// max_i |gpu_i - cpu_i| / max(|cpu_i|, mean |cpu|): relative per element, with
// the tensor's own scale as the floor where a value is near 0 by cancellation.
double relative_error(const Tensor& gpu, const Tensor& cpu) {
  const std::vector<float> g = gpu.to_vector(), c = cpu.to_vector();
  double mean = 0;
  for (float v : c) mean += std::fabs(v);
  mean = c.empty() ? 0 : mean / double(c.size());
  double worst = 0;
  for (size_t i = 0; i < c.size(); ++i) {
    const double floor = std::max({std::fabs(double(c[i])), mean, 1e-30});
    const double e = std::fabs(double(g[i]) - c[i]) / floor;
    worst = std::isnan(e) ? INFINITY : std::max(worst, e);
  }
  return worst;
}

void check_close(const Tensor& gpu, const Tensor& cpu, const std::string& what, double tolerance) {
  REQUIRE_MESSAGE(gpu.defined(), what << ": no GPU result");
  CHECK_MESSAGE(gpu.device() == kGpu, what << ": result on " << gpu.device().str());
  REQUIRE_MESSAGE(gpu.shape() == cpu.shape(), what << ": shapes " << shape_str(gpu.shape()) << " and "
                                                   << shape_str(cpu.shape()));
  const double e = relative_error(gpu, cpu);
  CHECK_MESSAGE(e <= tolerance, what << ": relative error " << e << " > " << tolerance);
}

using Op = std::function<Tensor(const std::vector<Tensor>&)>;

// f on the CPU inputs and on their GPU copies; then d sum(f * w) / d input for
// the inputs marked in `grad` (all when empty), w random: both compared.
void check_op(const std::string& name, const std::vector<Tensor>& inputs, const Op& f, double tolerance,
              std::vector<bool> grad = {}) {
  if (grad.empty()) grad.assign(inputs.size(), true);
  std::vector<Tensor> cpu, gpu;
  for (size_t i = 0; i < inputs.size(); ++i) {
    cpu.push_back(inputs[i].clone());
    gpu.push_back(inputs[i].to(kGpu));
    cpu.back().requires_grad_(grad[i]);
    gpu.back().requires_grad_(grad[i]);
  }
  const Tensor out_cpu = f(cpu), out_gpu = f(gpu);
  check_close(out_gpu, out_cpu, name + " forward", tolerance);
  if (!out_cpu.requires_grad()) return;
  const Tensor w = uniform(out_cpu.shape(), -1, 1, 99);
  sum(mul(out_cpu, w)).backward();
  sum(mul(out_gpu, w.to(kGpu))).backward();
  for (size_t i = 0; i < inputs.size(); ++i)
    if (grad[i]) check_close(gpu[i].grad(), cpu[i].grad(), name + " gradient of input " + std::to_string(i), tolerance);
}

Shape random_shape(std::mt19937& rng, int min_rank, int max_rank) {
  static constexpr int64_t kExtents[] = {1, 2, 3, 5, 7, 13};
  Shape shape(std::uniform_int_distribution<int>(min_rank, max_rank)(rng));
  for (int64_t& e : shape) e = kExtents[std::uniform_int_distribution<int>(0, 5)(rng)];
  return shape;
}

Shape broadcast_operand(std::mt19937& rng, const Shape& out) {
  const int drop = std::uniform_int_distribution<int>(0, static_cast<int>(out.size()))(rng) / 2;
  Shape s(out.begin() + drop, out.end());
  for (int64_t& e : s)
    if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) e = 1;
  return s;
}

}  // namespace

TEST_CASE("the device") {
  MESSAGE("cuda:0: " << cuda::device_summary(0) << " (" << cuda::device_count() << " device(s))");
  for (const std::string& op : op_names()) CHECK_MESSAGE(supports(op, kGpu), op << " has no CUDA table");
}

// ---- the backend ----

TEST_CASE("transfers, fill and copies keep every bit") {
  const Tensor x = uniform({1000, 3}, -5, 5, 1);
  const Tensor g = x.to(kGpu);
  CHECK(g.device() == kGpu);
  CHECK(g.to_vector() == x.to_vector());
  Tensor h = Tensor::empty(x.shape(), kGpu);
  h.copy_from(g);  // device to device
  CHECK(h.to(Device::CPU).to_vector() == x.to_vector());
  CHECK(g.clone().to_vector() == x.to_vector());
  for (float value : {0.0f, -0.0f, 3.5f, -1e-20f}) {
    Tensor f = Tensor::empty({4097}, kGpu);
    f.fill(value);
    const std::vector<float> v = f.to_vector();
    for (float e : v) REQUIRE(std::memcmp(&e, &value, sizeof e) == 0);
  }
  CHECK(Tensor::scalar(2.5f, kGpu).item() == 2.5f);
  CHECK(Tensor::zeros({0}, kGpu).to_vector().empty());
}

TEST_CASE("a device that does not exist is an Error, not a crash") {
  CHECK_THROWS_WITH_AS(Tensor::empty({3}, Device::cuda(99)), doctest::Contains("does not exist"), Error);
  std::string why;
  CHECK_FALSE(device_available(Device::cuda(99), &why));
}

TEST_CASE("the memory cache: a repeated training step calls cudaMalloc only in its first pass") {
  const Tensor x = uniform({64, 50}, -1, 1, 2).to(kGpu);
  const Tensor labels = Tensor::full({64}, 3.0f).to(kGpu);
  Tensor w1 = uniform({50, 40}, -0.2f, 0.2f, 3).to(kGpu), b1 = Tensor::zeros({40}, kGpu);
  Tensor w2 = uniform({40, 10}, -0.2f, 0.2f, 4).to(kGpu), b2 = Tensor::zeros({10}, kGpu);
  for (Tensor* p : {&w1, &b1, &w2, &b2}) p->requires_grad_();
  auto step = [&] {
    Tensor h = dense(x, w1, b1, ActivationKind::Relu);
    Tensor z = dense(h, w2, b2, ActivationKind::Linear);
    Tensor l = loss(LossKind::SparseSoftmaxCrossentropyFromLogits, z, labels);
    l.backward();
    const float value = l.item();
    for (Tensor* p : {&w1, &b1, &w2, &b2}) {
      Tensor update = mul(p->grad(), Tensor::scalar(-0.1f, kGpu));
      NoGradGuard no_grad;
      Tensor updated = add(*p, update);
      p->copy_from(updated);
      p->zero_grad();
    }
    return value;
  };
  const cuda::MemoryStats before = cuda::memory_stats();
  const float first = step();
  step();
  const cuda::MemoryStats warm = cuda::memory_stats();
  float last = 0;
  for (int i = 0; i < 5; ++i) last = step();
  const cuda::MemoryStats after = cuda::memory_stats();
  MESSAGE("cudaMalloc calls: " << before.device_allocations << " before, " << warm.device_allocations
                               << " warm, " << after.device_allocations << " after 5 more steps; peak "
                               << after.peak_in_use << " bytes");
  CHECK(after.device_allocations == warm.device_allocations);
  CHECK(after.in_use == warm.in_use);
  CHECK(after.peak_in_use >= after.in_use);
  CHECK(last < first);  // it trains
}

TEST_CASE("release_cached_memory hands the cache back") {
  { Tensor big = Tensor::empty({1 << 22}, kGpu); }
  CHECK(cuda::memory_stats().cached >= (size_t(1) << 24));
  cuda::release_cached_memory();
  CHECK(cuda::memory_stats().cached == 0);
}

// ---- matmul ----

TEST_CASE("matmul: plain, batched, shared B, with gradients") {
  check_op("matmul (37,53)x(53,29)", {uniform({37, 53}, -1, 1, 5), uniform({53, 29}, -1, 1, 6)},
           [](const auto& v) { return matmul(v[0], v[1]); }, kGemm);
  check_op("matmul (128,784)x(784,100)", {uniform({128, 784}, -1, 1, 7), uniform({784, 100}, -1, 1, 8)},
           [](const auto& v) { return matmul(v[0], v[1]); }, kGemm);
  check_op("matmul (3,7,5)x(3,5,11)", {uniform({3, 7, 5}, -1, 1, 9), uniform({3, 5, 11}, -1, 1, 10)},
           [](const auto& v) { return matmul(v[0], v[1]); }, kGemm);
  check_op("matmul (4,9,6)x(6,5)", {uniform({4, 9, 6}, -1, 1, 11), uniform({6, 5}, -1, 1, 12)},
           [](const auto& v) { return matmul(v[0], v[1]); }, kGemm);
  check_op("matmul K = 1", {uniform({9, 1}, -1, 1, 13), uniform({1, 7}, -1, 1, 14)},
           [](const auto& v) { return matmul(v[0], v[1]); }, kGemm);
}

TEST_CASE("TF32 is off by default and can be switched on") {
  CHECK_FALSE(cuda::tf32());
  const Tensor a = uniform({512, 512}, -1, 1, 15), b = uniform({512, 512}, -1, 1, 16);
  const Tensor want = matmul(a, b);
  cuda::set_tf32(true);
  const Tensor fast = matmul(a.to(kGpu), b.to(kGpu));
  cuda::set_tf32(false);
  const double e = relative_error(fast, want);
  MESSAGE("TF32 GEMM relative error " << e);
  CHECK(e < 1e-1);
  check_close(matmul(a.to(kGpu), b.to(kGpu)), want, "GEMM with TF32 off again", kGemm);
}

// ---- elementwise ----

TEST_CASE("binary ops with broadcasting, forward and backward") {
  std::mt19937 rng(21);
  for (int trial = 0; trial < 60; ++trial) {
    const Shape full = random_shape(rng, 0, 4);
    const Shape sa = trial % 6 == 0 ? full : broadcast_operand(rng, full);
    const Shape sb = trial % 6 == 0 ? full : broadcast_operand(rng, full);
    const Tensor a = uniform(sa, -1, 1, 100 + trial);
    const std::string shapes = shape_str(sa) + " with " + shape_str(sb);
    check_op("add " + shapes, {a, uniform(sb, -1, 1, 200 + trial)}, [](const auto& v) { return add(v[0], v[1]); },
             kElementwise);
    check_op("sub " + shapes, {a, uniform(sb, -1, 1, 300 + trial)}, [](const auto& v) { return sub(v[0], v[1]); },
             kElementwise);
    check_op("mul " + shapes, {a, uniform(sb, -1, 1, 400 + trial)}, [](const auto& v) { return mul(v[0], v[1]); },
             kElementwise);
    check_op("div " + shapes, {a, uniform(sb, 0.5f, 2, 500 + trial)}, [](const auto& v) { return div(v[0], v[1]); },
             kElementwise);
  }
  // one scalar into a large tensor: the gradient is a sum of 100000 terms
  check_op("mul scalar with (100,1000)", {uniform({}, -1, 1, 1), uniform({100, 1000}, -1, 1, 2)},
           [](const auto& v) { return mul(v[0], v[1]); }, kGemm);
}

TEST_CASE("unary ops, forward and backward") {
  std::mt19937 rng(22);
  for (int trial = 0; trial < 8; ++trial) {
    const Shape s = random_shape(rng, 0, 4);
    check_op("neg " + shape_str(s), {uniform(s, -3, 3, trial)}, [](const auto& v) { return neg(v[0]); }, kElementwise);
    check_op("exp " + shape_str(s), {uniform(s, -3, 3, trial)}, [](const auto& v) { return exp(v[0]); }, kElementwise);
    check_op("log " + shape_str(s), {uniform(s, 0.1f, 4, trial)}, [](const auto& v) { return log(v[0]); }, kElementwise);
    check_op("sqrt " + shape_str(s), {uniform(s, 0.1f, 4, trial)}, [](const auto& v) { return sqrt(v[0]); },
             kElementwise);
    check_op("pow 2.5 " + shape_str(s), {uniform(s, 0.1f, 3, trial)}, [](const auto& v) { return pow(v[0], 2.5f); },
             kElementwise);
    check_op("pow 3 " + shape_str(s), {uniform(s, -2, 2, trial)}, [](const auto& v) { return pow(v[0], 3.0f); },
             kElementwise);
  }
}

// ---- reduce ----

TEST_CASE("sum, mean and max over each axis and over all, forward and backward") {
  std::mt19937 rng(23);
  for (int trial = 0; trial < 12; ++trial) {
    const Shape s = random_shape(rng, 1, 4);
    const Tensor x = uniform(s, -2, 2, trial);
    const std::string name = shape_str(s);
    check_op("sum all " + name, {x}, [](const auto& v) { return sum(v[0]); }, kElementwise);
    check_op("mean all " + name, {x}, [](const auto& v) { return mean(v[0]); }, kElementwise);
    for (int axis = 0; axis < static_cast<int>(s.size()); ++axis) {
      const std::string at = name + " axis " + std::to_string(axis);
      check_op("sum " + at, {x}, [axis](const auto& v) { return sum(v[0], {axis}); }, kElementwise);
      check_op("sum keepdims " + at, {x}, [axis](const auto& v) { return sum(v[0], {axis}, true); }, kElementwise);
      check_op("max " + at, {x}, [axis](const auto& v) { return max(v[0], {axis}); }, kElementwise);
    }
  }
  check_op("sum of 1000003 values", {uniform({1000003}, -1, 1, 3)}, [](const auto& v) { return sum(v[0]); }, kGemm);
  check_op("sum over a long axis (3, 50001, 2)", {uniform({3, 50001, 2}, -1, 1, 4)},
           [](const auto& v) { return sum(v[0], {1}); }, kGemm);
}

TEST_CASE("sum of squares through CUB") {
  for (int64_t n : {1, 1000, 1000003}) {
    const Tensor x = uniform({n}, -2, 2, 30 + n);
    Tensor want = Tensor::empty({}), got = Tensor::empty({}, kGpu);
    kernel_table<ReduceKernels>(Device::CPU).sum_squares(x, want);
    const Tensor xg = x.to(kGpu);
    kernel_table<ReduceKernels>(kGpu).sum_squares(xg, got);
    check_close(got, want, "sum of squares of " + std::to_string(n), kElementwise);
  }
}

// ---- shape ----

TEST_CASE("transpose, concat, slice, reshape, forward and backward") {
  std::mt19937 rng(24);
  for (int trial = 0; trial < 10; ++trial) {
    const Shape s = random_shape(rng, 2, 4);
    const int rank = static_cast<int>(s.size());
    const int a0 = trial % rank, a1 = (trial / 2 + 1) % rank;
    const Tensor x = uniform(s, -1, 1, trial);
    check_op("transpose " + shape_str(s) + " " + std::to_string(a0) + "," + std::to_string(a1), {x},
             [a0, a1](const auto& v) { return transpose(v[0], a0, a1); }, kElementwise);
    const int axis = trial % rank;
    Shape other = s;
    other[axis] = 3;
    check_op("concat " + shape_str(s) + " axis " + std::to_string(axis), {x, uniform(other, -1, 1, 50 + trial)},
             [axis](const auto& v) { return concat({v[0], v[1], v[0]}, axis); }, kElementwise);
    if (s[axis] > 1)
      check_op("slice " + shape_str(s) + " axis " + std::to_string(axis), {x},
               [axis, end = s[axis]](const auto& v) { return slice(v[0], axis, 1, end); }, kElementwise);
    check_op("flatten " + shape_str(s), {x}, [](const auto& v) { return mul(flatten(v[0]), flatten(v[0])); },
             kElementwise);
  }
}

// ---- the layers' ops ----

TEST_CASE("activations, every kind") {
  for (int k = 0; k < kActivationKinds; ++k) {
    const auto kind = static_cast<ActivationKind>(k);
    check_op(std::string("activation ") + activation_kind_name(kind), {uniform({7, 13}, -4, 4, k)},
             [kind](const auto& v) { return activation(v[0], kind); }, kElementwise);
  }
}

TEST_CASE("dense with each activation") {
  for (ActivationKind kind : {ActivationKind::Linear, ActivationKind::Relu, ActivationKind::Tanh,
                              ActivationKind::Gelu, ActivationKind::Softmax}) {
    check_op(std::string("dense ") + activation_kind_name(kind),
             {uniform({33, 17}, -1, 1, 1), uniform({17, 11}, -0.5f, 0.5f, 2), uniform({11}, -0.5f, 0.5f, 3)},
             [kind](const auto& v) { return dense(v[0], v[1], v[2], kind); }, kGemm);
  }
}

TEST_CASE("conv2d, max_pool2d, im2col") {
  struct Case {
    Shape x, kernel;
    int64_t strides;
    const char* padding;
  };
  const Case cases[] = {{{2, 3, 9, 9}, {3, 3, 3, 4}, 1, "same"},
                        {{3, 2, 11, 7}, {5, 5, 2, 3}, 1, "valid"},
                        {{2, 4, 10, 10}, {3, 3, 4, 5}, 2, "same"}};
  int seed = 0;
  for (const Case& c : cases)
    for (ConvAlgorithm algorithm : {ConvAlgorithm::Auto, ConvAlgorithm::Im2col}) {
      const std::string name = "conv2d " + shape_str(c.x) + " * " + shape_str(c.kernel) + " " + c.padding +
                               " strides " + std::to_string(c.strides) + " " + conv_algorithm_name(algorithm);
      check_op(name,
               {uniform(c.x, -1, 1, ++seed), uniform(c.kernel, -0.5f, 0.5f, ++seed),
                uniform({c.kernel[3]}, -0.5f, 0.5f, ++seed)},
               [&c, algorithm](const auto& v) {
                 return conv2d(v[0], v[1], v[2], c.strides, c.padding, ActivationKind::Relu, algorithm);
               },
               kGemm);
    }
  check_op("max_pool2d 2x2", {uniform({2, 3, 8, 9}, -1, 1, 40)},
           [](const auto& v) { return max_pool2d(v[0], 2, 2, "valid"); }, kElementwise);
  check_op("max_pool2d 3x3 strides 2 same", {uniform({2, 3, 9, 9}, -1, 1, 41)},
           [](const auto& v) { return max_pool2d(v[0], 3, 2, "same"); }, kElementwise);
  check_op("im2col", {uniform({2, 3, 7, 6}, -1, 1, 42)}, [](const auto& v) { return im2col(v[0], 3, 3, 1, "same"); },
           kElementwise);
}

TEST_CASE("dropout draws the same mask on both devices") {
  check_op("dropout 0.3", {uniform({17, 29}, -1, 1, 50)},
           [](const auto& v) {
             Rng rng(7, 3);
             return dropout(v[0], 0.3, rng);
           },
           kElementwise);
}

TEST_CASE("losses, every kind, and count_correct") {
  const int64_t rows = 9, classes = 5;
  const Tensor logits = uniform({rows, classes}, -3, 3, 60);
  Tensor one_hot = Tensor::zeros({rows, classes}), ids = Tensor::empty({rows});
  for (int64_t r = 0; r < rows; ++r) {
    ids.data()[r] = float(r % classes);
    one_hot.data()[r * classes + r % classes] = 1;
  }
  const Tensor binary_targets = uniform({rows, classes}, 0, 1, 61);
  struct Case {
    LossKind kind;
    const Tensor* target;
    ActivationKind to_pred;  // what turns the logits into the loss's input
    bool logits;
  };
  const Case cases[] = {
      {LossKind::CategoricalCrossentropy, &one_hot, ActivationKind::Softmax, false},
      {LossKind::SparseCategoricalCrossentropy, &ids, ActivationKind::Softmax, false},
      {LossKind::BinaryCrossentropy, &binary_targets, ActivationKind::Sigmoid, false},
      {LossKind::MeanSquaredError, &binary_targets, ActivationKind::Linear, false},
      {LossKind::SoftmaxCrossentropyFromLogits, &one_hot, ActivationKind::Linear, true},
      {LossKind::SparseSoftmaxCrossentropyFromLogits, &ids, ActivationKind::Linear, true},
      {LossKind::SigmoidBinaryCrossentropyFromLogits, &binary_targets, ActivationKind::Linear, true},
  };
  for (const Case& c : cases) {
    check_op(std::string("loss ") + loss_kind_name(c.kind), {logits, *c.target},
             [&c](const auto& v) { return loss(c.kind, activation(v[0], c.to_pred), v[1]); }, kGemm, {true, false});
    check_op(std::string("count_correct ") + loss_kind_name(c.kind), {logits, *c.target},
             [&c](const auto& v) { return count_correct(c.kind, activation(v[0], c.to_pred), v[1], c.logits); },
             kElementwise, {false, false});
  }
}

TEST_CASE("optimizer steps, every kind, with and without clipping") {
  const int64_t n = 1001;
  for (const kernels::OptimizerKindInfo& info : kernels::kOptimizerKinds)
    for (int clip = 0; clip < 3; ++clip) {
      const OptimizerKind kind = info.kind;
      UpdateScalars s{.learning_rate = 0.01f, .beta_1 = 0.9f, .beta_2 = 0.999f, .epsilon = 1e-7f, .rho = 0.9f,
                      .momentum = 0.9f, .weight_decay = 0.01f, .bias_correction_1 = 0.1f,
                      .bias_correction_2 = 0.001f, .nadam_coef_g = 0.005f, .nadam_coef_m = 0.009f};
      s.clipnorm = clip == 1 ? 0.5f : 0;
      s.clipvalue = clip == 2 ? 0.01f : 0;
      const int slots = optimizer_slot_count(kind, s);
      Tensor params = uniform({n}, -1, 1, 70), slot_values = Tensor::zeros({slots * n});
      Tensor params_gpu = params.to(kGpu), slots_gpu = slot_values.to(kGpu);
      for (int step = 0; step < 3; ++step) {
        const Tensor grads = uniform({n}, -0.1f, 0.1f, 80 + step);
        const Tensor grads_gpu = grads.to(kGpu);
        optimizer_step(kind, s, params, grads, slot_values);
        optimizer_step(kind, s, params_gpu, grads_gpu, slots_gpu);
      }
      const std::string name = std::string(optimizer_kind_name(kind)) + " clip " + std::to_string(clip);
      check_close(params_gpu, params, name + " parameters", kElementwise);
      if (slots > 0) check_close(slots_gpu, slot_values, name + " slots", kElementwise);
    }
}
