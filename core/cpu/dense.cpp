// DenseKernels::cpu(): z = x W + b by an Eigen GEMM on the tensors' buffers,
// then the activation in one sweep; the backward GEMMs accumulate into the
// gradient buffers.
#include <Eigen/Core>

#include "core/cpu/activations.hpp"
#include "core/op_kernels.hpp"

namespace tunet {
namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using MatrixMap = Eigen::Map<RowMatrix>;
using ConstMatrixMap = Eigen::Map<const RowMatrix>;
using ConstRowVectorMap = Eigen::Map<const RowVector>;

// Dimensions: N rows of the batch (all leading axes of x), I inputs, O outputs.

// z = x W + b, y = f(z); x (N, I), W (I, O), b (O), z and y (N, O) (y may be z).
void dense_fwd(const Tensor& x, const Tensor& w, const Tensor& b, ActivationKind activation, Tensor& z,
               Tensor& y) {
  const int64_t in = w.dim(0), out = w.dim(1), n = x.numel() / in;
  MatrixMap z_m(z.data_ptr(), n, out);
  z_m.noalias() = ConstMatrixMap(x.data_ptr(), n, in) * ConstMatrixMap(w.data_ptr(), in, out);
  z_m.rowwise() += ConstRowVectorMap(b.data_ptr(), out);
  cpu::activation_forward(activation, z.data_ptr(), y.data_ptr(), n, out);
}

// Given dz (N, O): dW += x^T dz, db += sum_n dz, dx += dz W^T (each may be undefined).
void dense_bwd(const Tensor& x, const Tensor& w, const Tensor& dz, Tensor& dx, Tensor& dw, Tensor& db) {
  const int64_t in = w.dim(0), out = w.dim(1), n = x.numel() / in;
  ConstMatrixMap dz_m(dz.data_ptr(), n, out);
  const ConstMatrixMap x_m(x.data_ptr(), n, in), w_m(w.data_ptr(), in, out);
  if (dw.defined()) MatrixMap(dw.data_ptr(), in, out).noalias() += x_m.transpose() * dz_m;
  if (db.defined()) Eigen::Map<RowVector>(db.data_ptr(), out) += dz_m.colwise().sum();
  if (dx.defined()) MatrixMap(dx.data_ptr(), n, in).noalias() += dz_m * w_m.transpose();
}

}  // namespace

const DenseKernels& DenseKernels::cpu() {
  static const DenseKernels table = {.forward = dense_fwd, .backward = dense_bwd};
  return table;
}

}  // namespace tunet
