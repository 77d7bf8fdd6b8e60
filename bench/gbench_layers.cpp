// Dense, Conv2D and 2x2 MaxPool2D forward (+ backward) at the shapes of a small
// MNIST MLP (784 -> 100 -> 10) and CNN (1 -> 16 and 16 -> 36 channels, 5x5),
// batch 128.
// Reports GFLOP/s and the fraction of the 2-core FMA peak measured on this
// machine kind (~220 GFLOP/s). Conv2D runs the backend's choice (alg:auto)
// and each algorithm forced through ConvAlgorithm.
//
//   build-*/bench/gbench_layers --benchmark_counters_tabular=true
//   build-*/bench/gbench_layers --benchmark_filter=Conv
//
// FLOPs counted as 2 per multiply-add of the GEMMs: forward 2*N*I*O (Dense) or
// 2*N*P*K*F (Conv2D, P output positions, K = KH*KW*C); backward the same again
// for dW and, when the input needs a gradient, once more for dx. The backward
// pass is called on the layer's own autograd node, so nothing else is timed.
#include <benchmark/benchmark.h>

#include "core/autograd.hpp"
#include "core/conv_ops.hpp"
#include "core/nn_ops.hpp"
#include "core/random.hpp"

using namespace tunet;

namespace {

constexpr double kPeakFlops = 220e9;  // 2 cores x ~108 GFLOP/s measured FMA throughput
constexpr int64_t kBatch = 128;

Tensor uniform(Shape shape, float limit, uint64_t seed) {
  Tensor t = Tensor::empty(shape);
  Rng rng(seed);
  rng.fill_uniform(t, -limit, limit);
  return t;
}

void report(benchmark::State& state, double flops_per_iteration) {
  state.counters["GFLOP/s"] =
      benchmark::Counter(flops_per_iteration * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_frac"] = benchmark::Counter(flops_per_iteration / kPeakFlops,
                                                   benchmark::Counter::kIsIterationInvariantRate);
}

// Runs forward (and the node's backward when `backward`), timing both.
template <class Forward>
void run(benchmark::State& state, Forward forward, bool backward) {
  Tensor y = forward();
  const Tensor dy = uniform(y.shape(), 1.0f, 99);
  for (auto _ : state) {
    y = forward();
    if (backward) y.impl()->node->backward(y, dy);
    benchmark::DoNotOptimize(y.data());
  }
}

// args: in, out, input needs grad (0/1), backward (0/1)
void BM_Dense(benchmark::State& state) {
  const int64_t in = state.range(0), out = state.range(1);
  const bool x_grad = state.range(2), backward = state.range(3);
  Tensor x = uniform({kBatch, in}, 1.0f, 1);
  if (x_grad && backward) x.requires_grad_();
  Tensor w = uniform({in, out}, 0.1f, 2).requires_grad_(backward);
  Tensor b = uniform({out}, 0.1f, 3).requires_grad_(backward);
  run(
      state, [&] { return dense(x, w, b, ActivationKind::Relu); }, backward);
  const double gemm = 2.0 * kBatch * in * out;
  report(state, gemm * (backward ? (x_grad ? 3 : 2) : 1));
}
BENCHMARK(BM_Dense)
    ->ArgNames({"in", "out", "dx", "bwd"})
    ->Args({784, 100, 0, 0})
    ->Args({784, 100, 0, 1})
    ->Args({100, 10, 1, 0})
    ->Args({100, 10, 1, 1})
    ->Args({1764, 128, 1, 1})
    ->UseRealTime();

// args: channels, size, filters, kernel, input needs grad (0/1), backward (0/1),
// algorithm (ConvAlgorithm: 0 auto, 1 im2col, 2 winograd, 3 direct); padding same
void BM_Conv2D(benchmark::State& state) {
  const int64_t c = state.range(0), size = state.range(1), f = state.range(2), k = state.range(3);
  const bool x_grad = state.range(4), backward = state.range(5);
  const auto algorithm = static_cast<ConvAlgorithm>(state.range(6));
  state.SetLabel(conv_algorithm_name(algorithm));
  Tensor x = uniform({kBatch, c, size, size}, 1.0f, 4);
  if (x_grad && backward) x.requires_grad_();
  Tensor w = uniform({k, k, c, f}, 0.1f, 5).requires_grad_(backward);
  Tensor b = uniform({f}, 0.1f, 6).requires_grad_(backward);
  run(
      state, [&] { return conv2d(x, w, b, 1, "same", ActivationKind::Relu, algorithm); }, backward);
  const double gemm = 2.0 * kBatch * size * size * k * k * c * f;
  report(state, gemm * (backward ? (x_grad ? 3 : 2) : 1));
}
BENCHMARK(BM_Conv2D)
    ->ArgNames({"c", "hw", "f", "k", "dx", "bwd", "alg"})
    ->ArgsProduct({{1}, {28}, {16}, {5}, {0}, {0, 1}, {0, 1, 3}})     // auto = direct
    ->ArgsProduct({{16}, {14}, {36}, {5}, {1}, {0, 1}, {0, 1, 2}})    // auto = Winograd
    ->UseRealTime();

// args: channels, size, backward (0/1). A memory-bound op: reports GB/s of the
// traffic, counted in units of the input: forward reads x (1) and writes y and
// argmax (1/4 each); backward reads dy and argmax (1/4 each) and writes dx (1).
void BM_MaxPool2D(benchmark::State& state) {
  const int64_t c = state.range(0), size = state.range(1);
  const bool backward = state.range(2);
  Tensor x = uniform({kBatch, c, size, size}, 1.0f, 7).requires_grad_(backward);
  run(
      state, [&] { return max_pool2d(x, 2, 2, "valid"); }, backward);
  const double bytes = 4.0 * kBatch * c * size * size * (backward ? 3.0 : 1.5);
  state.counters["GB/s"] = benchmark::Counter(bytes * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_MaxPool2D)
    ->ArgNames({"c", "hw", "bwd"})
    ->ArgsProduct({{16}, {28}, {0, 1}})
    ->ArgsProduct({{36}, {14}, {0, 1}})
    ->UseRealTime();

}  // namespace
