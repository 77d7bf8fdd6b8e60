#pragma once
// Per-thread bodies of the CUDA activation kernels (see launch.hpp): the
// scalar pair of each elementwise ActivationKind as a compile-time choice, so
// a GPU kernel inlines f and f' (no function pointer per element), and
// softmax as one thread per row. The math is core/kernels/activations.hpp.
//
// The passes at the end are the table entries' sequences of kernels, written
// once for an executor `exec` (cuda/device_exec.cuh on the GPU,
// tests/host_exec.hpp on the host with run_on_host and the CPU GEMM):
//   exec.launch(count, body)                   body(i) for i < count
//   exec.gemm(args)                            GemmArgs, row-major
//   exec.sum(terms, outputs, count, out, acc)  out[j] (+)= sum_k<count terms (cuda/kernels/sum_bodies.hpp)
//   exec.scratch(count)                        floats on the device, valid until exec goes
#include <cstdint>
#include <string>
#include <type_traits>

#include "core/error.hpp"
#include "core/kernels/activations.hpp"
#include "core/op_kernels.hpp"

namespace tunet::cuda {

// f (value) and f' (grad, from the input x and the output y = f(x)) of an elementwise kind.
template <ActivationKind K>
struct Activation {
  TUNET_HD static float value(float x) {
    namespace k = tunet::kernels;
    using A = ActivationKind;
    if constexpr (K == A::Linear) return k::linear(x);
    else if constexpr (K == A::Sigmoid) return k::sigmoid(x);
    else if constexpr (K == A::Tanh) return k::tanh_act(x);
    else if constexpr (K == A::Relu) return k::relu(x);
    else if constexpr (K == A::LeakyRelu) return k::leaky_relu(x);
    else if constexpr (K == A::Elu) return k::elu(x);
    else if constexpr (K == A::Celu) return k::celu(x);
    else if constexpr (K == A::Selu) return k::selu(x);
    else if constexpr (K == A::Gelu) return k::gelu(x);
    else if constexpr (K == A::GeluTanh) return k::gelu_tanh(x);
    else if constexpr (K == A::Silu) return k::silu(x);
    else {
      static_assert(K == A::Softplus, "softmax is not elementwise: SoftmaxRowsBody");
      return k::softplus(x);
    }
  }
  TUNET_HD static float grad(float x, float y) {
    namespace k = tunet::kernels;
    using A = ActivationKind;
    if constexpr (K == A::Linear) return k::linear_grad(x, y);
    else if constexpr (K == A::Sigmoid) return k::sigmoid_grad(x, y);
    else if constexpr (K == A::Tanh) return k::tanh_grad(x, y);
    else if constexpr (K == A::Relu) return k::relu_grad(x, y);
    else if constexpr (K == A::LeakyRelu) return k::leaky_relu_grad(x, y);
    else if constexpr (K == A::Elu) return k::elu_grad(x, y);
    else if constexpr (K == A::Celu) return k::celu_grad(x, y);
    else if constexpr (K == A::Selu) return k::selu_grad(x, y);
    else if constexpr (K == A::Gelu) return k::gelu_grad(x, y);
    else if constexpr (K == A::GeluTanh) return k::gelu_tanh_grad(x, y);
    else if constexpr (K == A::Silu) return k::silu_grad(x, y);
    else {
      static_assert(K == A::Softplus, "softmax is not elementwise: SoftmaxRowsBackwardBody");
      return k::softplus_grad(x, y);
    }
  }
};

// fn(std::integral_constant<ActivationKind, kind>{}) for an elementwise kind
// (every kind but Softmax, which is an Error here).
template <class Fn>
void with_elementwise_activation(ActivationKind kind, Fn&& fn) {
  using A = ActivationKind;
  switch (kind) {
    case A::Linear: return fn(std::integral_constant<A, A::Linear>{});
    case A::Sigmoid: return fn(std::integral_constant<A, A::Sigmoid>{});
    case A::Tanh: return fn(std::integral_constant<A, A::Tanh>{});
    case A::Relu: return fn(std::integral_constant<A, A::Relu>{});
    case A::LeakyRelu: return fn(std::integral_constant<A, A::LeakyRelu>{});
    case A::Elu: return fn(std::integral_constant<A, A::Elu>{});
    case A::Celu: return fn(std::integral_constant<A, A::Celu>{});
    case A::Selu: return fn(std::integral_constant<A, A::Selu>{});
    case A::Gelu: return fn(std::integral_constant<A, A::Gelu>{});
    case A::GeluTanh: return fn(std::integral_constant<A, A::GeluTanh>{});
    case A::Silu: return fn(std::integral_constant<A, A::Silu>{});
    case A::Softplus: return fn(std::integral_constant<A, A::Softplus>{});
    case A::Softmax: break;
  }
  throw Error("cuda activation: kind " + std::to_string(static_cast<int>(kind)) + " is not elementwise");
}

// Element i: y = f(z) (y may be z).
template <ActivationKind K>
struct ActivationForwardBody {
  const float* z;
  float* y;
  TUNET_HD void operator()(int64_t i) const { y[i] = Activation<K>::value(z[i]); }
};

// Element i: dz = dy f'(input, y) (dz may be dy). `input` is z, or y for the
// kinds whose derivative follows from y alone (activation_needs_input false;
// relu: y > 0 exactly when z > 0), as the CPU table does.
template <ActivationKind K>
struct ActivationBackwardBody {
  const float* input;
  const float* y;
  const float* dy;
  float* dz;
  TUNET_HD void operator()(int64_t i) const { dz[i] = dy[i] * Activation<K>::grad(input[i], y[i]); }
};

// Row r of (rows, cols): y_r = softmax(z_r) (y may be z). One thread per row:
// fine for the class counts of a classifier's output.
struct SoftmaxRowsBody {
  const float* z;
  float* y;
  int64_t cols;
  TUNET_HD void operator()(int64_t r) const { kernels::softmax_row(z + r * cols, y + r * cols, cols); }
};

// Row r: dz_r = y_r (dy_r - <dy_r, y_r>) (dz may be dy).
struct SoftmaxRowsBackwardBody {
  const float* y;
  const float* dy;
  float* dz;
  int64_t cols;
  TUNET_HD void operator()(int64_t r) const {
    kernels::softmax_row_backward(y + r * cols, dy + r * cols, dz + r * cols, cols);
  }
};

// ---- passes: (rows, cols) blocks of `count` values, cols used by softmax only ----

// y = f(z) (y may be z).
template <class Exec>
void activation_forward_pass(Exec& exec, ActivationKind kind, const float* z, float* y, int64_t count,
                             int64_t cols) {
  if (count == 0) return;
  if (kind == ActivationKind::Softmax) return exec.launch(count / cols, SoftmaxRowsBody{z, y, cols});
  if (kind == ActivationKind::Linear && y == z) return;
  with_elementwise_activation(
      kind, [&](auto k) { exec.launch(count, ActivationForwardBody<decltype(k)::value>{z, y}); });
}

// dz = dy f'(z) (dz may be dy); z may be null when activation_needs_input(kind) is false.
template <class Exec>
void activation_backward_pass(Exec& exec, ActivationKind kind, const float* z, const float* y, const float* dy,
                              float* dz, int64_t count, int64_t cols) {
  if (count == 0) return;
  if (kind == ActivationKind::Softmax)
    return exec.launch(count / cols, SoftmaxRowsBackwardBody{y, dy, dz, cols});
  if (kind == ActivationKind::Linear && dz == dy) return;
  const float* input = activation_needs_input(kind) ? z : y;
  check(input != nullptr, "cuda activation backward: kind " + std::to_string(static_cast<int>(kind)) +
                              " needs its input z");
  with_elementwise_activation(kind, [&](auto k) {
    exec.launch(count, ActivationBackwardBody<decltype(k)::value>{input, y, dy, dz});
  });
}

}  // namespace tunet::cuda
