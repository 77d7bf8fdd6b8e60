// The CPU reduction table. A reduction over one axis sees the input as
// (outer, n, inner) and produces (outer, inner).
#include <algorithm>
#include <cstdint>

#include "core/op_kernels.hpp"
#include "core/parallel.hpp"

namespace tunet {

namespace {

// out[p, i] = sum_j in[p, j, i]
void sum_axis_fwd(const Tensor& in, const AxisSplit& s, Tensor& out) {
  const float* x = in.data_ptr();
  float* o = out.data_ptr();
  TUNET_OMP_FOR_IF(s.outer * s.n * s.inner >= kParallelMinElements && s.outer > 1)
  for (int64_t p = 0; p < s.outer; ++p) {
    float* dst = o + p * s.inner;
    std::fill(dst, dst + s.inner, 0.0f);
    for (int64_t j = 0; j < s.n; ++j) {
      const float* row = x + (p * s.n + j) * s.inner;
      for (int64_t i = 0; i < s.inner; ++i) dst[i] += row[i];
    }
  }
}

// din[p, j, i] += g[p, i]: each input element gets the gradient of its sum.
void sum_axis_bwd(const Tensor& grad_out, const AxisSplit& s, Tensor& din) {
  const float* g = grad_out.data_ptr();
  float* d = din.data_ptr();
  TUNET_OMP_FOR_IF(s.outer * s.n * s.inner >= kParallelMinElements && s.outer > 1)
  for (int64_t p = 0; p < s.outer; ++p)
    for (int64_t j = 0; j < s.n; ++j) {
      float* row = d + (p * s.n + j) * s.inner;
      const float* gp = g + p * s.inner;
      for (int64_t i = 0; i < s.inner; ++i) row[i] += gp[i];
    }
}

// out[p, i] = max_j in[p, j, i]; argmax[p, i] = the first such j (int32 bits).
void max_axis_fwd(const Tensor& in, const AxisSplit& s, Tensor& out, Tensor& argmax) {
  const float* x = in.data_ptr();
  float* o = out.data_ptr();
  int32_t* where = argmax.defined() ? reinterpret_cast<int32_t*>(argmax.data_ptr()) : nullptr;
  TUNET_OMP_FOR_IF(s.outer * s.n * s.inner >= kParallelMinElements && s.outer > 1)
  for (int64_t p = 0; p < s.outer; ++p)
    for (int64_t i = 0; i < s.inner; ++i) {
      int32_t best = 0;
      float best_value = x[p * s.n * s.inner + i];
      for (int64_t j = 1; j < s.n; ++j) {
        const float v = x[(p * s.n + j) * s.inner + i];
        if (v > best_value) best_value = v, best = static_cast<int32_t>(j);
      }
      o[p * s.inner + i] = best_value;
      if (where) where[p * s.inner + i] = best;
    }
}

// din[p, argmax[p, i], i] += g[p, i]
void max_axis_bwd(const Tensor& grad_out, const Tensor& argmax, const AxisSplit& s, Tensor& din) {
  const float* g = grad_out.data_ptr();
  const int32_t* where = reinterpret_cast<const int32_t*>(argmax.data_ptr());
  float* d = din.data_ptr();
  for (int64_t p = 0; p < s.outer; ++p)
    for (int64_t i = 0; i < s.inner; ++i) d[(p * s.n + where[p * s.inner + i]) * s.inner + i] += g[p * s.inner + i];
}

// out = sum_i x_i^2, accumulated in double (a gradient norm over millions of
// parameters) in fixed chunks (chunked_sum: the same bits on any number of threads).
void sum_of_squares(const Tensor& x, Tensor& out) {
  const float* v = x.data_ptr();
  const double total = chunked_sum(x.numel(), [v](int64_t begin, int64_t end) {
    double sum = 0;
    for (int64_t i = begin; i < end; ++i) sum += double(v[i]) * v[i];
    return sum;
  });
  out.data_ptr()[0] = static_cast<float>(total);
}

}  // namespace

const ReduceKernels& ReduceKernels::cpu() {
  static const ReduceKernels table = {
      .sum_axis = sum_axis_fwd,
      .sum_axis_backward = sum_axis_bwd,
      .max_axis = max_axis_fwd,
      .max_axis_backward = max_axis_bwd,
      .sum_squares = sum_of_squares,
  };
  return table;
}

}  // namespace tunet
