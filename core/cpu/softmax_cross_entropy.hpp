#pragma once
// Softmax cross-entropy of one row of n logits z, the CPU's fast form of
// core/kernels/losses.hpp's formulas (the CUDA loss kernels use those):
//
//   lse = m + log s,  m = max_i z_i,  s = sum_i e^(z_i - m)
//   sparse (class id y):  loss = lse - z_y,              d_i = (e^(z_i - m) / s - [i == y]) scale
//   dense (targets t):    loss = lse sum_i t_i - sum_i t_i z_i,  d_i = (e^(z_i - m) / s sum_j t_j - t_i) scale
//
// Three sweeps, each vectorised: the max; e^(z - m) by cpu::vector_exp, stored
// in d and summed; d scaled by scale / s (one exp per logit, the oneDNN
// softmax's method). The loss is returned in double; d may be null (no
// gradient: the second sweep only sums).
#include <cstdint>

namespace tunet::cpu {

double sparse_softmax_cross_entropy_row(const float* z, int64_t label, int64_t n, float scale, float* d);
double softmax_cross_entropy_row(const float* z, const float* t, int64_t n, float scale, float* d);

}  // namespace tunet::cpu
