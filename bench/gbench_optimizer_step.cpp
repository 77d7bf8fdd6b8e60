// One optimizer step (nn::Optimizer::step -> optimizer_step -> the CPU table)
// on a flat block of 100k and 1M parameters, for every optimizer, and Adam
// with clipnorm (one more pass: the global norm). Reports parameters updated
// and bytes moved per second: each step reads the gradients and reads and
// writes the parameters and every slot.
//
//   build-*/bench/gbench_optimizer_step
//   OMP_NUM_THREADS=1 build-*/bench/gbench_optimizer_step --benchmark_filter=adam
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "nn/optimizer.hpp"

using namespace tunet;

namespace {

void step_block(benchmark::State& state, const std::string& name, const nn::OptimizerSettings& settings) {
  const int64_t n = state.range(0);
  std::vector<float> p(n), g(n);
  for (int64_t i = 0; i < n; ++i) {
    p[i] = 0.001f * float(i % 1000);
    g[i] = 0.01f * float(i % 7) - 0.03f;
  }
  Tensor params = Tensor::from({n}, p), grads = Tensor::from({n}, g);
  auto opt = nn::make_optimizer(name, settings);
  opt->step(params, grads);  // allocates the state
  for (auto _ : state) opt->step(params, grads);
  // gradients read, parameters and slots read and written
  const int64_t bytes = n * int64_t(sizeof(float)) * (1 + 2 * (1 + opt->slot_count()));
  state.SetBytesProcessed(state.iterations() * bytes);
  state.SetItemsProcessed(state.iterations() * n);  // parameters updated
}

void register_all() {
  for (const std::string& name : nn::optimizer_names())
    benchmark::RegisterBenchmark(name.c_str(), step_block, name, nn::OptimizerSettings{})
        ->Arg(100000)
        ->Arg(1000000);
  benchmark::RegisterBenchmark("adam_clipnorm", step_block, std::string("adam"),
                               nn::OptimizerSettings{{"clipnorm", 1.0}})
      ->Arg(100000)
      ->Arg(1000000);
}

const int kRegistered = (register_all(), 0);

}  // namespace
