// Activations, unary and broadcasting binary ops, forward + backward, on a
// block of 1M floats (the 16-channel 28x28 conv output of a batch of 128 is
// 1.6M): memory-bound loops, reported as elements per second.
//
//   build-*/bench/gbench_elementwise
//   OMP_NUM_THREADS=1 build-*/bench/gbench_elementwise --benchmark_filter=Activation
#include <benchmark/benchmark.h>

#include "core/autograd.hpp"
#include "core/nn_ops.hpp"
#include "core/ops.hpp"
#include "core/random.hpp"

using namespace tunet;

namespace {

constexpr int64_t kElements = 1 << 20;

Tensor uniform(Shape shape, float low, float high, uint64_t seed) {
  Tensor t = Tensor::empty(shape);
  Rng rng(seed);
  rng.fill_uniform(t, low, high);
  return t;
}

// forward() then its node's backward with a fixed dy, timed together.
template <class Forward>
void run(benchmark::State& state, Forward forward) {
  Tensor y = forward();
  const Tensor dy = uniform(y.shape(), -1.0f, 1.0f, 99);
  for (auto _ : state) {
    y = forward();
    y.impl()->node->backward(y, dy);
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * y.numel());
}

// arg: ActivationKind (elementwise kinds only)
void BM_Activation(benchmark::State& state) {
  const auto kind = static_cast<ActivationKind>(state.range(0));
  state.SetLabel(activation_kind_name(kind));
  Tensor x = uniform({kElements}, -3.0f, 3.0f, 1).requires_grad_();
  run(state, [&] { return activation(x, kind); });
}
BENCHMARK(BM_Activation)
    ->ArgName("kind")
    ->Arg(int(ActivationKind::Sigmoid))
    ->Arg(int(ActivationKind::Relu))
    ->Arg(int(ActivationKind::Gelu))
    ->Arg(int(ActivationKind::Softplus))
    ->UseRealTime();

void BM_Exp(benchmark::State& state) {
  Tensor x = uniform({kElements}, -3.0f, 3.0f, 2).requires_grad_();
  run(state, [&] { return tunet::exp(x); });
}
BENCHMARK(BM_Exp)->UseRealTime();

void BM_Pow(benchmark::State& state) {
  Tensor x = uniform({kElements}, 0.5f, 3.0f, 3).requires_grad_();
  run(state, [&] { return tunet::pow(x, 1.5f); });
}
BENCHMARK(BM_Pow)->UseRealTime();

// (1024, 1024) * (1024, 1024), and + a (1024) row broadcast over the rows
void BM_Mul(benchmark::State& state) {
  Tensor a = uniform({1024, 1024}, -1.0f, 1.0f, 4).requires_grad_();
  Tensor b = uniform({1024, 1024}, -1.0f, 1.0f, 5).requires_grad_();
  run(state, [&] { return mul(a, b); });
}
BENCHMARK(BM_Mul)->UseRealTime();

void BM_AddRow(benchmark::State& state) {
  Tensor a = uniform({1024, 1024}, -1.0f, 1.0f, 6).requires_grad_();
  Tensor b = uniform({1024}, -1.0f, 1.0f, 7).requires_grad_();
  run(state, [&] { return add(a, b); });
}
BENCHMARK(BM_AddRow)->UseRealTime();

}  // namespace
