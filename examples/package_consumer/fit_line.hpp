// Fits y = 2x + 1 on four points with autograd and plain gradient steps
// (w -= 0.05 dL/dw, L the mean squared error); true when w ~ 2 and b ~ 1.
#pragma once

#include <cmath>
#include <iostream>

#include "core/ops.hpp"
#include "core/tensor.hpp"

inline bool fit_line(const char* label) {
  tunet::Tensor w = tunet::Tensor::zeros({1, 1}).requires_grad_();
  tunet::Tensor b = tunet::Tensor::zeros({1}).requires_grad_();
  tunet::Tensor x = tunet::Tensor::from({4, 1}, {0, 1, 2, 3});
  tunet::Tensor y = tunet::Tensor::from({4, 1}, {1, 3, 5, 7});
  for (int step = 0; step < 500; ++step) {
    tunet::Tensor diff = tunet::matmul(x, w) + b - y;
    tunet::Tensor loss = tunet::mean(diff * diff);
    w.zero_grad();
    b.zero_grad();
    loss.backward();
    w.data()[0] -= 0.05f * w.grad().data()[0];
    b.data()[0] -= 0.05f * b.grad().data()[0];
  }
  std::cout << label << "w = " << w.item() << ", b = " << b.item() << "\n";
  return std::abs(w.item() - 2.0f) < 1e-2f && std::abs(b.item() - 1.0f) < 1e-2f;
}
