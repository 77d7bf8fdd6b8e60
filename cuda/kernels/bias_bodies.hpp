#pragma once
// Per-thread bodies around the GEMM of Dense and Conv2D: the bias and the
// activation applied to its output, and the sums that give the bias gradient.
//
// Layout: the GEMM output z is seen as (outer, channels, inner), the bias
// indexed by channel: Dense (N, O) has inner = 1, Conv2D (N, F, P) inner = P.
#include <cstdint>

#include "core/kernels/hd.hpp"
#include "core/op_kernels.hpp"
#include "cuda/kernels/activation_bodies.hpp"
#include "cuda/kernels/sum_bodies.hpp"

namespace tunet::cuda {

// Element i: z = z + b[channel], y = f(z) (y may be z). For softmax, run it
// with Linear and then SoftmaxRowsBody.
template <ActivationKind K>
struct BiasActivationBody {
  float* z;
  float* y;
  const float* bias;
  int64_t channels, inner;
  TUNET_HD void operator()(int64_t i) const {
    const float v = z[i] + bias[(i / inner) % channels];
    z[i] = v;
    y[i] = Activation<K>::value(v);
  }
};

// Terms of the bias gradient of (outer, channels, inner): db_j = sum over
// o < outer and q < inner of dz (o, j, q), term k = (o, q) = (k / inner, k %
// inner), for exec.sum (cuda/kernels/sum_bodies.hpp); outer * inner terms.
struct ChannelSumTerms {
  const float* dz;
  int64_t channels, inner;
  TUNET_HD int64_t base(int64_t j) const { return j * inner; }
  TUNET_HD double at(int64_t base, int64_t k) const { return dz[base + (k / inner) * channels * inner + k % inner]; }
};

// ---- passes (executor: see activation_bodies.hpp) ----

// z (count values, seen as (count / (channels * inner), channels, inner)) += b
// per channel, then y = f(z) (y may be z); softmax along rows of softmax_cols.
template <class Exec>
void bias_activation_pass(Exec& exec, float* z, float* y, const float* bias, ActivationKind kind, int64_t count,
                          int64_t channels, int64_t inner, int64_t softmax_cols) {
  if (count == 0) return;
  if (kind == ActivationKind::Softmax) {
    exec.launch(count, BiasActivationBody<ActivationKind::Linear>{z, z, bias, channels, inner});
    return exec.launch(count / softmax_cols, SoftmaxRowsBody{z, y, softmax_cols});
  }
  with_elementwise_activation(kind, [&](auto k) {
    exec.launch(count, BiasActivationBody<decltype(k)::value>{z, y, bias, channels, inner});
  });
}

}  // namespace tunet::cuda
