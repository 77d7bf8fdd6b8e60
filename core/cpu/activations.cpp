// ActivationKernels::cpu(): the activation loops. Each elementwise kind gets
// its scalar pair (kernels::Activation<K> of core/kernels/activations.hpp, the
// type the CUDA kernels use) wrapped in lambdas, so the loops inline and
// vectorise (a function pointer would cost an indirect call per element);
// OpenMP splits them above kParallelMinElements.
#include "core/cpu/activations.hpp"

#include <string>

#include "core/error.hpp"
#include "core/kernels/activations.hpp"
#include "core/parallel.hpp"

namespace tunet::cpu {
namespace {

namespace k = tunet::kernels;

// y[i] = f(z[i]) over n elements.
template <class F>
void map_forward(const float* z, float* y, int64_t n, F f) {
  parallel_for_if(n >= kParallelMinElements, n, [&](int64_t i) { y[i] = f(z[i]); });
}

// dz[i] = dy[i] * df(z[i], y[i]) over n elements.
template <class DF>
void map_backward(const float* z, const float* y, const float* dy, float* dz, int64_t n, DF df) {
  parallel_for_if(n >= kParallelMinElements, n, [&](int64_t i) { dz[i] = dy[i] * df(z[i], y[i]); });
}

// Calls fn(f, df) with the scalar pair of an elementwise kind (all but
// softmax) as lambdas over kernels::Activation<K>.
template <class Fn>
void with_elementwise_kernels(ActivationKind kind, Fn fn) {
  const bool elementwise = k::dispatch_elementwise_activation(kind, [&](auto kind_constant) {
    using A = k::Activation<decltype(kind_constant)::value>;
    fn([](float x) { return A::value(x); }, [](float x, float y) { return A::grad(x, y); });
  });
  if (!elementwise) throw Error("activation kind " + std::to_string(int(kind)) + " is not elementwise");
}

// Rows of a tensor seen as (rows, cols).
int64_t rows_of(const Tensor& t, int64_t cols) { return cols > 0 ? t.numel() / cols : 0; }

void forward_table(ActivationKind kind, const Tensor& z, Tensor& y, int64_t cols) {
  activation_forward(kind, z.data_ptr(), y.data_ptr(), rows_of(z, cols), cols);
}

void backward_table(ActivationKind kind, const Tensor& z, const Tensor& y, const Tensor& dy, Tensor& dz,
                    int64_t cols) {
  activation_backward(kind, z.defined() ? z.data_ptr() : nullptr, y.data_ptr(), dy.data_ptr(), dz.data_ptr(),
                      rows_of(y, cols), cols);
}

}  // namespace

void activation_forward(ActivationKind kind, const float* z, float* y, int64_t rows, int64_t cols) {
  const int64_t n = rows * cols;
  if (n == 0) return;
  if (kind == ActivationKind::Softmax) {
    // y_r = softmax(z_r) along each row
    parallel_for_if(n >= kParallelMinElements, rows,
                    [&](int64_t r) { k::softmax_row(z + r * cols, y + r * cols, cols); });
    return;
  }
  if (kind == ActivationKind::Linear && y == z) return;
  with_elementwise_kernels(kind, [&](auto f, auto) { map_forward(z, y, n, f); });
}

void activation_backward(ActivationKind kind, const float* z, const float* y, const float* dy, float* dz,
                         int64_t rows, int64_t cols) {
  const int64_t n = rows * cols;
  if (n == 0) return;
  if (kind == ActivationKind::Softmax) {
    // dz_r = y_r (dy_r - <dy_r, y_r>) per row
    parallel_for_if(n >= kParallelMinElements, rows, [&](int64_t r) {
      k::softmax_row_backward(y + r * cols, dy + r * cols, dz + r * cols, cols);
    });
    return;
  }
  if (kind == ActivationKind::Linear && dz == dy) return;
  // Kinds whose derivative follows from y get y in the z slot (relu: y > 0 iff z > 0).
  const float* input = activation_needs_input(kind) ? z : y;
  check(input != nullptr, "activation backward: kind " + std::to_string(int(kind)) + " needs its input z");
  with_elementwise_kernels(kind, [&](auto, auto df) { map_backward(input, y, dy, dz, n, df); });
}

const float* OutputGrad::sample(int64_t n, float* buffer) const {
  const int64_t offset = n * rows * cols;
  if (kind == ActivationKind::Linear) return dy + offset;
  activation_backward(kind, z ? z + offset : nullptr, y + offset, dy + offset, buffer, rows, cols);
  return buffer;
}

}  // namespace tunet::cpu

namespace tunet {

const ActivationKernels& ActivationKernels::cpu() {
  static const ActivationKernels table = {
      .forward = cpu::forward_table,
      .backward = cpu::backward_table,
  };
  return table;
}

}  // namespace tunet
