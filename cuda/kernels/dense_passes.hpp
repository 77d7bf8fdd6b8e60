#pragma once
// The CUDA Dense: y = f(x W + b) as one GEMM (cuBLAS on the GPU) and one
// bias + activation kernel; the backward GEMMs accumulate (beta = 1) into the
// gradients. Executor: see activation_bodies.hpp.
//
// Dimensions: x (N, I), W (I, O), b (O), z and y (N, O), row-major.
#include <cstdint>

#include "core/op_kernels.hpp"
#include "cuda/kernels/bias_bodies.hpp"

namespace tunet::cuda {

// z = x W + b, y = f(z) (y may be z).
template <class Exec>
void dense_forward_pass(Exec& exec, const float* x, const float* w, const float* b, ActivationKind activation,
                        int64_t n, int64_t in, int64_t out, float* z, float* y) {
  if (n == 0 || out == 0) return;
  exec.gemm({.a = x, .b = w, .c = z, .m = n, .n = out, .k = in});
  bias_activation_pass(exec, z, y, b, activation, n * out, out, 1, out);
}

// Given dz (N, O): dW += x^T dz, db += sum_n dz, dx += dz W^T (each may be null).
template <class Exec>
void dense_backward_pass(Exec& exec, const float* x, const float* w, const float* dz, int64_t n, int64_t in,
                         int64_t out, float* dx, float* dw, float* db) {
  if (n == 0 || out == 0) return;
  if (dw) exec.gemm({.a = x, .b = dz, .c = dw, .m = in, .n = out, .k = n, .transpose_a = true, .accumulate = true});
  if (db) exec.sum(ChannelSumTerms{dz, out, 1}, out, n, db, true);  // db_j += sum_n dz (n, j)
  if (dx) exec.gemm({.a = dz, .b = w, .c = dx, .m = n, .n = in, .k = out, .transpose_b = true, .accumulate = true});
}

}  // namespace tunet::cuda
