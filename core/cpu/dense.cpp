// DenseKernels::cpu(): z = x W + b by cpu::gemm on the tensors' buffers (its
// kernel picked by the shape), then the activation in one sweep; the backward GEMMs
// accumulate into the gradient buffers.
#include <Eigen/Core>

#include "core/cpu/activations.hpp"
#include "core/cpu/gemm.hpp"
#include "core/op_kernels.hpp"

namespace tunet {
namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using MatrixMap = Eigen::Map<RowMatrix>;
using ConstMatrixMap = Eigen::Map<const RowMatrix>;
using ConstRowVectorMap = Eigen::Map<const RowVector>;

// C (m, n) [+]= op(A) op(B), row-major.
void gemm(const float* a, bool transpose_a, const float* b, bool transpose_b, float* c, int64_t m,
          int64_t n, int64_t k, bool accumulate) {
  cpu::gemm(a, b, c,
            {.m = m, .n = n, .k = k, .transpose_a = transpose_a, .transpose_b = transpose_b,
             .accumulate = accumulate});
}

// Dimensions: N rows of the batch (all leading axes of x), I inputs, O outputs.

// z = x W + b, y = f(z); x (N, I), W (I, O), b (O), z and y (N, O) (y may be z).
void dense_fwd(const Tensor& x, const Tensor& w, const Tensor& b, ActivationKind activation, Tensor& z,
               Tensor& y) {
  const int64_t in = w.dim(0), out = w.dim(1), n = x.numel() / in;
  gemm(x.data_ptr(), false, w.data_ptr(), false, z.data_ptr(), n, out, in, false);
  MatrixMap(z.data_ptr(), n, out).rowwise() += ConstRowVectorMap(b.data_ptr(), out);
  cpu::activation_forward(activation, z.data_ptr(), y.data_ptr(), n, out);
}

// Given dz (N, O): dW += x^T dz, db += sum_n dz, dx += dz W^T (each may be undefined).
void dense_bwd(const Tensor& x, const Tensor& w, const Tensor& dz, Tensor& dx, Tensor& dw, Tensor& db) {
  const int64_t in = w.dim(0), out = w.dim(1), n = x.numel() / in;
  if (dw.defined()) gemm(x.data_ptr(), true, dz.data_ptr(), false, dw.data_ptr(), in, out, n, true);
  if (db.defined())
    Eigen::Map<RowVector>(db.data_ptr(), out) += ConstMatrixMap(dz.data_ptr(), n, out).colwise().sum();
  if (dx.defined()) gemm(dz.data_ptr(), false, w.data_ptr(), true, dx.data_ptr(), n, in, out, true);
}

}  // namespace

const DenseKernels& DenseKernels::cpu() {
  static const DenseKernels table = {.forward = dense_fwd, .backward = dense_bwd};
  return table;
}

}  // namespace tunet
