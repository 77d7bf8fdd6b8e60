#pragma once
// map_unary: the building block of every elementwise op (exp, log, the nn
// activations). `f(x)` gives y; `df(x, y)` gives dy/dx. Both are plain
// TUNET_HD functions from core/kernels, so a CUDA kernel calls the same math.
//
//   Tensor y = map_unary(x, "exp", [](float v) { return std::exp(v); },
//                        [](float, float y) { return y; });
#include "core/autograd.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"

namespace tunet {

template <class Forward, class Derivative>
Tensor map_unary(const Tensor& x, const char* op_name, Forward f, Derivative df) {
  check(x.defined(), std::string(op_name) + ": input tensor is undefined");
  const int64_t n = x.numel();
  Tensor y = Tensor::empty(x.shape(), x.device());
  const float* xs = x.data();
  float* ys = y.data();
  TUNET_OMP_FOR_IF(n >= kParallelMinElements)
  for (int64_t i = 0; i < n; ++i) ys[i] = f(xs[i]);
  if (any_requires_grad({&x})) {
    record(y, op_name, {x}, [x, df](const Tensor& out, const Tensor& grad_out) {
      float* dx = grad_buffer(x);
      if (!dx) return;
      const int64_t count = x.numel();
      const float* xv = x.data();
      const float* yv = out.data();
      const float* g = grad_out.data();
      TUNET_OMP_FOR_IF(count >= kParallelMinElements)
      for (int64_t i = 0; i < count; ++i) dx[i] += g[i] * df(xv[i], yv[i]);  // dx += dy * f'(x)
    });
  }
  return y;
}

}  // namespace tunet
