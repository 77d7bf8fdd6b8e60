#pragma once
// The activations, each written once for every backend: the kinds with their
// names, the per-element math (f(x) and its derivative, scalar TUNET_HD
// functions), the pair of each elementwise kind as a type (Activation<K>) and
// the dispatch from a kind to it, used by the CPU loops
// (core/cpu/activations.cpp) and the CUDA kernels (cuda/kernels/).
// Every `*_grad(x, y)` gets both the input x and the output y = f(x), so a
// function whose derivative is cheapest from y (sigmoid, tanh) can use it.
// The forms are safe for large |x|: nothing here overflows at |x| ~ 100.
//
// Adding an elementwise activation here: its kind (before Softmax), its row in
// kActivationKindInfo, its pair of functions, and its line in each of
// Activation<K>'s two functions.
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "core/kernels/hd.hpp"

namespace tunet {

// The activations of nn (nn/activations.hpp parses their names). Softmax runs
// along the last axis; it stays the last kind.
enum class ActivationKind {
  Linear, Sigmoid, Tanh, Relu, LeakyRelu, Elu, Celu, Selu, Gelu, GeluTanh, Silu, Softplus, Softmax
};
inline constexpr int kActivationKinds = static_cast<int>(ActivationKind::Softmax) + 1;  // Softmax is last

}  // namespace tunet

namespace tunet::kernels {

inline constexpr float kLeakyReluAlpha = 0.2f;  // Keras 3's default negative slope
inline constexpr float kEluAlpha = 1.0f;
inline constexpr float kCeluAlpha = 1.0f;
// SELU (Klambauer et al. 2017): the fixed point of mean 0, variance 1.
inline constexpr float kSeluLambda = 1.0507009873554804934f;
inline constexpr float kSeluAlpha = 1.6732632423543772848f;
inline constexpr float kSqrt1Over2 = 0.70710678118654752440f;   // 1 / sqrt(2)
inline constexpr float kInvSqrt2Pi = 0.39894228040143267794f;   // 1 / sqrt(2 pi)
inline constexpr float kSqrt2OverPi = 0.79788456080286535588f;  // sqrt(2 / pi)
inline constexpr float kGeluCubic = 0.044715f;

// ---- linear: x ----
TUNET_HD inline float linear(float x) { return x; }
TUNET_HD inline float linear_grad(float, float) { return 1.0f; }

// ---- sigmoid: 1 / (1 + e^-x), evaluated with e^-|x| so the exponent is <= 0 ----
TUNET_HD inline float sigmoid(float x) {
  const float e = std::exp(-std::fabs(x));
  return x >= 0 ? 1.0f / (1.0f + e) : e / (1.0f + e);
}
TUNET_HD inline float sigmoid_grad(float, float y) { return y * (1.0f - y); }  // s (1 - s)

// ---- tanh ----
TUNET_HD inline float tanh_act(float x) { return std::tanh(x); }
TUNET_HD inline float tanh_grad(float, float y) { return 1.0f - y * y; }  // 1 - tanh^2

// ---- relu: max(0, x); derivative at 0 taken as 0 ----
TUNET_HD inline float relu(float x) { return x > 0 ? x : 0.0f; }
TUNET_HD inline float relu_grad(float x, float) { return x > 0 ? 1.0f : 0.0f; }

// ---- leaky_relu: x > 0 ? x : a x ----
TUNET_HD inline float leaky_relu(float x) { return x > 0 ? x : kLeakyReluAlpha * x; }
TUNET_HD inline float leaky_relu_grad(float x, float) { return x > 0 ? 1.0f : kLeakyReluAlpha; }

// ---- elu: x > 0 ? x : a (e^x - 1); derivative a e^x = y + a on the negative side ----
TUNET_HD inline float elu(float x) { return x > 0 ? x : kEluAlpha * std::expm1(x); }
TUNET_HD inline float elu_grad(float x, float y) { return x > 0 ? 1.0f : y + kEluAlpha; }

// ---- celu: max(0, x) + min(0, a (e^(x/a) - 1)); derivative e^(x/a) on the negative side ----
TUNET_HD inline float celu(float x) { return x > 0 ? x : kCeluAlpha * std::expm1(x / kCeluAlpha); }
TUNET_HD inline float celu_grad(float x, float) { return x > 0 ? 1.0f : std::exp(x / kCeluAlpha); }

// ---- selu: l (x > 0 ? x : a (e^x - 1)) ----
TUNET_HD inline float selu(float x) {
  return kSeluLambda * (x > 0 ? x : kSeluAlpha * std::expm1(x));
}
TUNET_HD inline float selu_grad(float x, float) {
  return x > 0 ? kSeluLambda : kSeluLambda * kSeluAlpha * std::exp(x);
}

// ---- gelu (exact): x Phi(x), Phi(x) = 0.5 (1 + erf(x / sqrt 2)) ----
TUNET_HD inline float gelu(float x) { return 0.5f * x * (1.0f + std::erf(x * kSqrt1Over2)); }
// d/dx x Phi(x) = Phi(x) + x phi(x), phi(x) = e^(-x^2/2) / sqrt(2 pi)
TUNET_HD inline float gelu_grad(float x, float) {
  return 0.5f * (1.0f + std::erf(x * kSqrt1Over2)) + x * kInvSqrt2Pi * std::exp(-0.5f * x * x);
}

// ---- gelu_tanh: 0.5 x (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3) ----
TUNET_HD inline float gelu_tanh(float x) {
  const float u = kSqrt2OverPi * (x + kGeluCubic * x * x * x);
  return 0.5f * x * (1.0f + std::tanh(u));
}
// d/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) u', u' = sqrt(2/pi) (1 + 3 * 0.044715 x^2)
TUNET_HD inline float gelu_tanh_grad(float x, float) {
  const float t = std::tanh(kSqrt2OverPi * (x + kGeluCubic * x * x * x));
  const float du = kSqrt2OverPi * (1.0f + 3.0f * kGeluCubic * x * x);
  return 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * du;
}

// ---- silu / swish: x sigmoid(x); derivative s + x s (1 - s) ----
TUNET_HD inline float silu(float x) { return x * sigmoid(x); }
TUNET_HD inline float silu_grad(float x, float) {
  const float s = sigmoid(x);
  return s + x * s * (1.0f - s);
}

// ---- softplus: log(1 + e^x) = max(x, 0) + log1p(e^-|x|); derivative sigmoid(x) ----
TUNET_HD inline float softplus(float x) {
  return (x > 0 ? x : 0.0f) + std::log1p(std::exp(-std::fabs(x)));
}
TUNET_HD inline float softplus_grad(float x, float) { return sigmoid(x); }

// ---- softmax over one row of n values: y_i = e^(x_i - max) / sum_j e^(x_j - max) ----
TUNET_HD inline void softmax_row(const float* x, float* y, long n) {
  float m = x[0];
  for (long i = 1; i < n; ++i) m = x[i] > m ? x[i] : m;
  float total = 0;
  for (long i = 0; i < n; ++i) {
    y[i] = std::exp(x[i] - m);
    total += y[i];
  }
  const float inv = 1.0f / total;
  for (long i = 0; i < n; ++i) y[i] *= inv;
}
// dx_i = y_i (dy_i - sum_j dy_j y_j)   (the softmax Jacobian applied to dy)
TUNET_HD inline void softmax_row_backward(const float* y, const float* dy, float* dx, long n) {
  float dot = 0;
  for (long i = 0; i < n; ++i) dot += dy[i] * y[i];
  for (long i = 0; i < n; ++i) dx[i] = y[i] * (dy[i] - dot);
}

// ---- the kinds: name, input needs, the elementwise pair as a type, dispatch ----

struct ActivationKindInfo {
  ActivationKind kind;
  const char* name;  // the canonical name ("gelu_tanh"), static: autograd node names outlive the graph
  bool needs_input;  // false when f'(z) follows from y = f(z) alone
};

// One row per kind, in the enum's order.
inline constexpr ActivationKindInfo kActivationKindInfo[kActivationKinds] = {
    {ActivationKind::Linear, "linear", false},
    {ActivationKind::Sigmoid, "sigmoid", false},
    {ActivationKind::Tanh, "tanh", false},
    {ActivationKind::Relu, "relu", false},  // y > 0 exactly when z > 0
    {ActivationKind::LeakyRelu, "leaky_relu", true},
    {ActivationKind::Elu, "elu", true},
    {ActivationKind::Celu, "celu", true},
    {ActivationKind::Selu, "selu", true},
    {ActivationKind::Gelu, "gelu", true},
    {ActivationKind::GeluTanh, "gelu_tanh", true},
    {ActivationKind::Silu, "silu", true},
    {ActivationKind::Softplus, "softplus", true},
    {ActivationKind::Softmax, "softmax", false},  // not elementwise: softmax_row
};

constexpr bool activation_rows_in_enum_order() {
  for (int i = 0; i < kActivationKinds; ++i)
    if (static_cast<int>(kActivationKindInfo[i].kind) != i) return false;
  return true;
}
static_assert(activation_rows_in_enum_order(), "kActivationKindInfo: one row per ActivationKind, in the enum's order");

// f (value) and f' (grad, from the input x and the output y = f(x)) of an
// elementwise kind, as a type: a loop or a GPU kernel over it inlines both.
template <ActivationKind K>
struct Activation {
  TUNET_HD static float value(float x) {
    using A = ActivationKind;
    if constexpr (K == A::Linear) return linear(x);
    else if constexpr (K == A::Sigmoid) return sigmoid(x);
    else if constexpr (K == A::Tanh) return tanh_act(x);
    else if constexpr (K == A::Relu) return relu(x);
    else if constexpr (K == A::LeakyRelu) return leaky_relu(x);
    else if constexpr (K == A::Elu) return elu(x);
    else if constexpr (K == A::Celu) return celu(x);
    else if constexpr (K == A::Selu) return selu(x);
    else if constexpr (K == A::Gelu) return gelu(x);
    else if constexpr (K == A::GeluTanh) return gelu_tanh(x);
    else if constexpr (K == A::Silu) return silu(x);
    else {
      static_assert(K == A::Softplus, "Activation<K>: a kind without its value (softmax is not elementwise)");
      return softplus(x);
    }
  }
  TUNET_HD static float grad(float x, float y) {
    using A = ActivationKind;
    if constexpr (K == A::Linear) return linear_grad(x, y);
    else if constexpr (K == A::Sigmoid) return sigmoid_grad(x, y);
    else if constexpr (K == A::Tanh) return tanh_grad(x, y);
    else if constexpr (K == A::Relu) return relu_grad(x, y);
    else if constexpr (K == A::LeakyRelu) return leaky_relu_grad(x, y);
    else if constexpr (K == A::Elu) return elu_grad(x, y);
    else if constexpr (K == A::Celu) return celu_grad(x, y);
    else if constexpr (K == A::Selu) return selu_grad(x, y);
    else if constexpr (K == A::Gelu) return gelu_grad(x, y);
    else if constexpr (K == A::GeluTanh) return gelu_tanh_grad(x, y);
    else if constexpr (K == A::Silu) return silu_grad(x, y);
    else {
      static_assert(K == A::Softplus, "Activation<K>: a kind without its grad (softmax is not elementwise)");
      return softplus_grad(x, y);
    }
  }
};

namespace detail {

template <class Fn, std::size_t... I>
bool dispatch_elementwise_activation(ActivationKind kind, Fn& fn, std::index_sequence<I...>) {
  bool found = false;
  (
      [&] {
        if (static_cast<std::size_t>(kind) == I) {
          fn(std::integral_constant<ActivationKind, static_cast<ActivationKind>(I)>{});
          found = true;
        }
      }(),
      ...);
  return found;
}

}  // namespace detail

// fn(std::integral_constant<ActivationKind, kind>{}) for an elementwise kind
// (every kind but Softmax, the last), so the caller's loop is instantiated
// once per kind over Activation<K>. False, calling nothing, for Softmax or a
// value outside the enum: the caller says so in its Error.
template <class Fn>
bool dispatch_elementwise_activation(ActivationKind kind, Fn&& fn) {
  return detail::dispatch_elementwise_activation(kind, fn, std::make_index_sequence<kActivationKinds - 1>{});
}

}  // namespace tunet::kernels
