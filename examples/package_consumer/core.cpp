// Links tunet::core alone: fits y = 2x + 1 with autograd and plain gradient steps.
#include <cmath>
#include <iostream>

#include "core/build_info.hpp"
#include "core/ops.hpp"
#include "core/tensor.hpp"

int main() {
  std::cout << tunet::build_info_str() << "\n";
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
  std::cout << "core: w = " << w.item() << ", b = " << b.item() << "\n";
  return std::abs(w.item() - 2.0f) < 1e-2f && std::abs(b.item() - 1.0f) < 1e-2f ? 0 : 1;
}
