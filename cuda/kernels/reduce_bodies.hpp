#pragma once
// Per-thread bodies of the CUDA reduce table (see launch.hpp) and the passes
// that launch them (executors: elementwise_bodies.hpp). The input is seen as
// (outer, n, inner) and reduced over n (AxisSplit); output element
// j = o * inner + q stands for (o, q). The sum of squares is CUB's device-wide
// reduction on the GPU (cuda/reduce.cu), with SquareToDouble as its transform.
#include <cstdint>

#include "core/kernels/hd.hpp"
#include "core/op_kernels.hpp"
#include "cuda/kernels/sum_bodies.hpp"

namespace tunet::cuda {

// Terms of out (o, q) = sum_k in (o, k, q), for ChunkedSumBody.
struct SumAxisTerms {
  const float* in;
  int64_t n, inner;
  TUNET_HD int64_t base(int64_t j) const { return (j / inner) * n * inner + j % inner; }
  TUNET_HD double at(int64_t base, int64_t k) const { return in[base + k * inner]; }
};

// din (o, k, q) += g (o, q): one thread per input element.
struct SumAxisBackwardBody {
  const float* grad_out;
  float* din;
  int64_t n, inner;
  TUNET_HD void operator()(int64_t i) const { din[i] += grad_out[(i / (n * inner)) * inner + i % inner]; }
};

// out (o, q) = max_k in (o, k, q); argmax (o, q) = the first k of the max
// (int32 in a float-sized buffer, may be null). One thread per output.
struct MaxAxisBody {
  const float* in;
  float* out;
  int32_t* argmax;
  int64_t n, inner;
  TUNET_HD void operator()(int64_t j) const {
    const float* row = in + (j / inner) * n * inner + j % inner;
    float best = row[0];
    int32_t best_k = 0;
    for (int64_t k = 1; k < n; ++k)
      if (row[k * inner] > best) {
        best = row[k * inner];
        best_k = static_cast<int32_t>(k);
      }
    out[j] = best;
    if (argmax) argmax[j] = best_k;
  }
};

// din (o, argmax (o, q), q) += g (o, q): one thread per output, each writing
// its own input element.
struct MaxAxisBackwardBody {
  const float* grad_out;
  const int32_t* argmax;
  float* din;
  int64_t n, inner;
  TUNET_HD void operator()(int64_t j) const {
    din[(j / inner) * n * inner + static_cast<int64_t>(argmax[j]) * inner + j % inner] += grad_out[j];
  }
};

// x^2 in double, the transform of the sum of squares (CUB's TransformReduce on the GPU).
struct SquareToDouble {
  TUNET_HD double operator()(float x) const { return static_cast<double>(x) * x; }
};

// out[0] = the double sum, rounded to float (one thread).
struct StoreSumBody {
  const double* sum;
  float* out;
  TUNET_HD void operator()(int64_t) const { *out = static_cast<float>(*sum); }
};

// ---- passes ----

template <class Exec>
void sum_axis_pass(Exec& exec, const float* in, const AxisSplit& s, float* out) {
  exec.sum(SumAxisTerms{in, s.n, s.inner}, s.outer * s.inner, s.n, out, false);
}

template <class Exec>
void sum_axis_backward_pass(Exec& exec, const float* grad_out, const AxisSplit& s, float* din) {
  exec.launch(s.outer * s.n * s.inner, SumAxisBackwardBody{grad_out, din, s.n, s.inner});
}

// argmax may be null
template <class Exec>
void max_axis_pass(Exec& exec, const float* in, const AxisSplit& s, float* out, int32_t* argmax) {
  if (s.n == 0) return;
  exec.launch(s.outer * s.inner, MaxAxisBody{in, out, argmax, s.n, s.inner});
}

template <class Exec>
void max_axis_backward_pass(Exec& exec, const float* grad_out, const int32_t* argmax, const AxisSplit& s,
                            float* din) {
  exec.launch(s.outer * s.inner, MaxAxisBackwardBody{grad_out, argmax, din, s.n, s.inner});
}

}  // namespace tunet::cuda
