// The CPU optimizer step: one fused pass over parameters, gradients and slots,
// calling the per-element update of core/kernels/optimizer_updates.hpp (the
// one the CUDA kernel calls). The kind and the flags are dispatched outside
// the loop (kernels::dispatch_optimizer), so each loop body is branch-free and
// vectorises; loops go parallel above kParallelMinElements.
#include <algorithm>
#include <cmath>

#include "core/kernels/optimizer_updates.hpp"
#include "core/op_kernels.hpp"
#include "core/parallel.hpp"

namespace tunet {
namespace {

// sum_i g_i^2 over [begin, end) in double, in eight independent partial sums
// so that the additions pipeline and vectorise (one running sum is a chain of
// dependent adds).
double sum_squares(const float* g, int64_t begin, int64_t end) {
  constexpr int kLanes = 8;
  double lanes[kLanes] = {};
  int64_t i = begin;
  for (; i + kLanes <= end; i += kLanes)
    for (int k = 0; k < kLanes; ++k) lanes[k] += double(g[i + k]) * double(g[i + k]);
  double sum = 0;
  for (; i < end; ++i) sum += double(g[i]) * double(g[i]);
  for (double lane : lanes) sum += lane;
  return sum;
}

// The clipnorm factor min(1, clipnorm / ||g||), ||g|| = sqrt(sum_i g_i^2) over
// the whole block, accumulated in double in fixed chunks (chunked_sum: the
// same bits on any number of threads).
float clipnorm_scale(const float* g, int64_t n, float clipnorm) {
  const double squares = chunked_sum(n, [g](int64_t begin, int64_t end) { return sum_squares(g, begin, end); });
  const double norm = std::sqrt(squares);
  return norm > clipnorm ? static_cast<float>(clipnorm / norm) : 1.0f;
}

// body(i) for i in [0, n): split between the threads above
// kParallelMinElements, else a plain loop (no parallel region to enter: a
// small model's step stays cheap).
template <class Body>
void for_each_index(int64_t n, Body body) {
  if (n >= kParallelMinElements) {
    TUNET_OMP(parallel for schedule(static))
    for (int64_t i = 0; i < n; ++i) body(i);
  } else {
    const Body local = body;  // a copy that cannot alias the arrays, so the loop vectorises
    for (int64_t i = 0; i < n; ++i) local(i);
  }
}

// f(i, g_i) for every element, g_i = clip_value(grads[i] * scale, clipvalue).
// Two loops, so that the common one (no clipvalue) has no control flow.
template <class F>
void for_each_element(const float* grads, int64_t n, float scale, float clipvalue, F f) {
  if (clipvalue > 0)
    for_each_index(n, [=](int64_t i) { f(i, kernels::clip_value(grads[i] * scale, clipvalue)); });
  else
    for_each_index(n, [=](int64_t i) { f(i, grads[i] * scale); });
}

void cpu_step(OptimizerKind kind, const UpdateScalars& s, Tensor& params, const Tensor& grads, Tensor& slots) {
  const int64_t n = params.numel();
  float* p = params.data_ptr();
  const float* g = grads.data_ptr();
  float* state = slots.data_ptr();
  const float scale = s.clipnorm > 0 ? clipnorm_scale(g, n, s.clipnorm) : 1.0f;
  kernels::dispatch_optimizer(kind, kernels::update_flags(kind, s), [&](auto k, auto flags) {
    constexpr OptimizerKind K = decltype(k)::value;
    constexpr unsigned F = decltype(flags)::value;
    for_each_element(g, n, scale, s.clipvalue, [=](int64_t i, float gi) {
      kernels::update_element<K, F>(p[i], gi, kernels::ElementSlots{state, n, i}, s);
    });
  });
}

}  // namespace

const OptimizerKernels& OptimizerKernels::cpu() {
  static const OptimizerKernels table{.step = cpu_step};
  return table;
}

}  // namespace tunet
