// GEMM: tunet::matmul against a plain Eigen product on the same buffers, at
// the main job's MLP's shapes and at 1024^3. Counters: GFLOP/s = 2 M N K / time.
//   ./build/bench/gbench_gemm --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include "core/autograd.hpp"
#include "core/ops.hpp"
#include "core/random.hpp"

namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Operands {
  tunet::Tensor a, b;
  Operands(int64_t m, int64_t n, int64_t k) : a(tunet::Tensor::empty({m, k})), b(tunet::Tensor::empty({k, n})) {
    tunet::Rng rng(1);
    rng.fill_uniform(a, -1, 1);
    rng.fill_uniform(b, -1, 1);
  }
};

void set_flops(benchmark::State& state, int64_t m, int64_t n, int64_t k) {
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * m * n * k * state.iterations(), benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}

void BM_tunet_matmul(benchmark::State& state) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  Operands op(m, n, k);
  tunet::NoGradGuard no_grad;
  for (auto _ : state) benchmark::DoNotOptimize(tunet::matmul(op.a, op.b).data());
  set_flops(state, m, n, k);
}

void BM_eigen_product(benchmark::State& state) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  Operands op(m, n, k);
  Eigen::Map<const RowMatrix> A(op.a.data(), m, k), B(op.b.data(), k, n);
  RowMatrix C(m, n);
  for (auto _ : state) {
    C.noalias() = A * B;
    benchmark::DoNotOptimize(C.data());
  }
  set_flops(state, m, n, k);
}

void gemm_shapes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"M", "N", "K"});
  b->Args({128, 100, 784})->Args({784, 100, 128})->Args({128, 784, 100})->Args({1024, 1024, 1024});
  b->UseRealTime();
}

}  // namespace

BENCHMARK(BM_tunet_matmul)->Apply(gemm_shapes);
BENCHMARK(BM_eigen_product)->Apply(gemm_shapes);
