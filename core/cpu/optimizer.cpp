// The CPU optimizer step: one fused pass over parameters, gradients and slots
// per kind, calling the per-element updates of core/kernels/optimizer_updates.hpp.
// The kind and the flags are dispatched outside the loop, so each loop body is
// branch-free and vectorises; loops go parallel above kParallelMinElements.
#include <algorithm>
#include <cmath>
#include <type_traits>

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
  auto slot = [state, n](int k) { return state + k * n; };
  const float scale = s.clipnorm > 0 ? clipnorm_scale(g, n, s.clipnorm) : 1.0f;
  auto each = [&](auto f) { for_each_element(g, n, scale, s.clipvalue, f); };

  const float lr = s.learning_rate, b1 = s.beta_1, b2 = s.beta_2, eps = s.epsilon;
  switch (kind) {
    case OptimizerKind::SGD:
      each([=](int64_t i, float gi) { kernels::sgd_update(p[i], gi, lr); });
      return;
    case OptimizerKind::Momentum: {
      float* v = slot(0);
      const float mu = s.momentum;
      each([=](int64_t i, float gi) { kernels::momentum_update(p[i], v[i], gi, lr, mu); });
      return;
    }
    case OptimizerKind::Nesterov: {
      float* v = slot(0);
      const float mu = s.momentum;
      each([=](int64_t i, float gi) { kernels::nesterov_update(p[i], v[i], gi, lr, mu); });
      return;
    }
    case OptimizerKind::Adagrad: {
      float* acc = slot(0);
      each([=](int64_t i, float gi) { kernels::adagrad_update(p[i], acc[i], gi, lr, eps); });
      return;
    }
    case OptimizerKind::RMSprop: {
      const bool centered = s.centered, has_momentum = s.momentum > 0;
      const float rho = s.rho, mu = has_momentum ? s.momentum : 0.0f;
      float* v = slot(0);
      int next = 1;
      float* a = centered ? slot(next++) : nullptr;
      float* b = has_momentum ? slot(next++) : nullptr;
      // The flags become compile-time constants in each loop; a slot the
      // configuration does not keep is a local the update never touches.
      auto run = [&](auto is_centered, auto with_momentum) {
        each([=](int64_t i, float gi) {
          float unused = 0.0f;
          kernels::rmsprop_update(p[i], v[i], is_centered ? a[i] : unused, with_momentum ? b[i] : unused, gi, lr,
                                  rho, eps, mu, is_centered);
        });
      };
      using std::false_type, std::true_type;
      if (centered && has_momentum) run(true_type{}, true_type{});
      else if (centered) run(true_type{}, false_type{});
      else if (has_momentum) run(false_type{}, true_type{});
      else run(false_type{}, false_type{});
      return;
    }
    case OptimizerKind::Adam: {
      const float bc1 = s.bias_correction_1, bc2 = s.bias_correction_2;
      float* m = slot(0);
      float* v = slot(1);
      if (s.amsgrad) {
        float* vmax = slot(2);
        each([=](int64_t i, float gi) {
          kernels::adam_update(p[i], m[i], v[i], vmax[i], gi, lr, b1, b2, eps, bc1, bc2, true);
        });
      } else {
        each([=](int64_t i, float gi) {
          float unused = 0.0f;  // no vmax slot: the update does not touch it
          kernels::adam_update(p[i], m[i], v[i], unused, gi, lr, b1, b2, eps, bc1, bc2, false);
        });
      }
      return;
    }
    case OptimizerKind::Nadam: {
      const float bc2 = s.bias_correction_2, coef_g = s.nadam_coef_g, coef_m = s.nadam_coef_m;
      float* m = slot(0);
      float* v = slot(1);
      each([=](int64_t i, float gi) {
        kernels::nadam_update(p[i], m[i], v[i], gi, b1, b2, eps, bc2, coef_g, coef_m);
      });
      return;
    }
    case OptimizerKind::Adadelta: {
      const float rho = s.rho;
      float* v = slot(0);
      float* u = slot(1);
      each([=](int64_t i, float gi) { kernels::adadelta_update(p[i], v[i], u[i], gi, lr, rho, eps); });
      return;
    }
    case OptimizerKind::Lion: {
      const float wd = s.weight_decay;
      float* m = slot(0);
      each([=](int64_t i, float gi) { kernels::lion_update(p[i], m[i], gi, lr, b1, b2, wd); });
      return;
    }
  }
}

}  // namespace

const OptimizerKernels& OptimizerKernels::cpu() {
  static const OptimizerKernels table{.step = cpu_step};
  return table;
}

}  // namespace tunet
