#pragma once
// Central-difference gradient check shared by the core and nn tests.
//
// For a function f of some input tensors, compares autograd's gradient of
// L = sum(f(inputs) * w) (w fixed random weights, so every output element
// matters differently) with (L(x + h) - L(x - h)) / 2h per input element.
// The forward pass runs in float32, so the finite difference carries an error
// of about eps_float * |L| / h (~1e-7 * |L| / 1e-2) plus O(h^2) curvature
// terms: with h = 1e-2 and inputs of order 1 a relative tolerance of 2e-2
// (abs floor 2e-3) separates a correct gradient from a wrong one, whose
// error is O(1). L is accumulated in double to keep the sum itself exact.
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "core/autograd.hpp"
#include "core/ops.hpp"
#include "core/random.hpp"
#include "core/tensor.hpp"

namespace tunet::testing {

struct GradCheckResult {
  double max_abs_error = 0;
  double max_rel_error = 0;
  bool ok = true;
  std::string worst;  // "input 1, element 7: autograd 0.31 vs numeric 0.29"
};

// A tensor of `shape` filled with U(low, high) from Rng(seed).
inline Tensor uniform(Shape shape, float low, float high, uint64_t seed) {
  Tensor t = Tensor::empty(std::move(shape));
  Rng(seed).fill_uniform(t, low, high);
  return t;
}

using TensorFunction = std::function<Tensor(const std::vector<Tensor>&)>;

inline GradCheckResult gradcheck(const TensorFunction& f, std::vector<Tensor> inputs,
                                 double h = 1e-2, double rel_tol = 2e-2, double abs_tol = 2e-3,
                                 uint64_t seed = 7) {
  for (auto& x : inputs) {
    x.requires_grad_(true);
    x.zero_grad();  // inputs may come from an earlier check
  }
  Tensor probe;
  {
    NoGradGuard no_grad;
    probe = f(inputs);
  }
  Tensor weights = Tensor::empty(probe.shape());
  Rng rng(seed);
  rng.fill_uniform(weights, -1.0f, 1.0f);

  auto weighted_sum = [&](const Tensor& out) {
    double total = 0;
    const float* o = out.data();
    const float* w = weights.data();
    for (int64_t i = 0; i < out.numel(); ++i) total += double(o[i]) * w[i];
    return total;
  };

  // Autograd: d L / d out = w, so seed the graph with sum(out * w).
  Tensor out = f(inputs);
  Tensor w_const = weights.clone();
  Tensor loss = tunet::sum(out * w_const);
  loss.backward();

  GradCheckResult result;
  for (size_t k = 0; k < inputs.size(); ++k) {
    Tensor& x = inputs[k];
    std::vector<float> analytic = x.grad().defined() ? x.grad().to_vector()
                                                     : std::vector<float>(x.numel(), 0.0f);
    NoGradGuard no_grad;
    float* xs = x.data();
    for (int64_t i = 0; i < x.numel(); ++i) {
      const float saved = xs[i];
      xs[i] = saved + float(h);
      const double plus = weighted_sum(f(inputs));
      xs[i] = saved - float(h);
      const double minus = weighted_sum(f(inputs));
      xs[i] = saved;
      const double numeric = (plus - minus) / (2 * h);
      const double err = std::abs(numeric - analytic[i]);
      const double rel = err / std::max(1.0, std::abs(numeric));
      if (err > abs_tol && rel > rel_tol && result.ok) {
        result.ok = false;
        result.worst = "input " + std::to_string(k) + ", element " + std::to_string(i) +
                       ": autograd " + std::to_string(analytic[i]) + " vs numeric " +
                       std::to_string(numeric);
      }
      result.max_abs_error = std::max(result.max_abs_error, err);
      result.max_rel_error = std::max(result.max_rel_error, rel);
    }
  }
  return result;
}

}  // namespace tunet::testing
