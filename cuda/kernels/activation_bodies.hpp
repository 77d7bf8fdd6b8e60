#pragma once
// Per-thread bodies of the CUDA activation kernels (see launch.hpp): the
// scalar pair of each elementwise ActivationKind as a compile-time choice, so
// a GPU kernel inlines f and f' (no function pointer per element), and
// softmax as one thread per row. The math, the pair as a type and the
// dispatch are core/kernels/activations.hpp, as on the CPU.
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

#include "core/error.hpp"
#include "core/kernels/activations.hpp"
#include "core/op_kernels.hpp"

namespace tunet::cuda {

// The pair of an elementwise kind as a type (kernels::Activation<K>) and the
// dispatch from a kind to it are core's (core/kernels/activations.hpp), shared
// with the CPU loops; the bodies below launch them.
using kernels::Activation;

// fn(std::integral_constant<ActivationKind, kind>{}) for an elementwise kind
// (kernels::dispatch_elementwise_activation); Error for Softmax.
template <class Fn>
void with_elementwise_activation(ActivationKind kind, Fn&& fn) {
  if (!kernels::dispatch_elementwise_activation(kind, fn))
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
