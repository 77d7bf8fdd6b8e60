// matmul through Eigen: the buffers are mapped, never copied.
// Dimensions: A (M, K), B (K, N), C (M, N); batched forms loop over the batch.
#include <Eigen/Core>

#include "core/autograd.hpp"
#include "core/error.hpp"
#include "core/ops.hpp"

namespace tunet {

namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMatrixMap = Eigen::Map<const RowMatrix>;

// C = A B, or C += A B when accumulate.
void gemm(const float* a, const float* b, float* c, int64_t m, int64_t k, int64_t n, bool transpose_a,
          bool transpose_b, bool accumulate) {
  ConstMatrixMap A(a, transpose_a ? k : m, transpose_a ? m : k);
  ConstMatrixMap B(b, transpose_b ? n : k, transpose_b ? k : n);
  Eigen::Map<RowMatrix> C(c, m, n);
  auto assign = [&](const auto& lhs, const auto& rhs) {
    if (accumulate)
      C.noalias() += lhs * rhs;
    else
      C.noalias() = lhs * rhs;
  };
  if (transpose_a && transpose_b) assign(A.transpose(), B.transpose());
  else if (transpose_a) assign(A.transpose(), B);
  else if (transpose_b) assign(A, B.transpose());
  else assign(A, B);
}

}  // namespace

Tensor matmul(const Tensor& a, const Tensor& b) {
  check(a.defined() && b.defined(), "matmul: undefined input tensor");
  const int ra = a.rank(), rb = b.rank();
  auto mismatch = [&] {
    return Error("matmul: shapes " + shape_str(a.shape()) + " and " + shape_str(b.shape()) +
                 " do not multiply (expected (M,K)x(K,N), (B,M,K)x(B,K,N) or (B,M,K)x(K,N))");
  };
  if (!((ra == 2 && rb == 2) || (ra == 3 && (rb == 2 || rb == 3)))) throw mismatch();
  const int64_t k = a.dim(-1);
  if (b.dim(-2) != k) throw mismatch();
  if (ra == 3 && rb == 3 && a.dim(0) != b.dim(0)) throw mismatch();
  const int64_t n = b.dim(-1);
  // (B,M,K)x(K,N) is one (B*M,K)x(K,N) product: the batch is contiguous.
  const bool shared_b = rb == 2;
  const int64_t batch = shared_b ? 1 : a.dim(0);
  const int64_t m = shared_b ? a.numel() / k : a.dim(1);
  Shape out_shape = a.shape();
  out_shape.back() = n;
  Tensor out = Tensor::empty(out_shape);
  for (int64_t i = 0; i < batch; ++i)
    gemm(a.data() + i * m * k, b.data() + i * k * n, out.data() + i * m * n, m, k, n, false, false, false);

  if (any_requires_grad({&a, &b})) {
    record(out, "matmul", {a, b}, [a, b, batch, m, k, n](const Tensor&, const Tensor& grad_out) {
      float* da = grad_buffer(a);
      float* db = grad_buffer(b);
      const float* g = grad_out.data();
      for (int64_t i = 0; i < batch; ++i) {
        const float* gi = g + i * m * n;
        if (da) gemm(gi, b.data() + i * k * n, da + i * m * k, m, n, k, false, true, true);  // dA += dC B^T
        if (db) gemm(a.data() + i * m * k, gi, db + i * k * n, k, m, n, true, false, true);  // dB += A^T dC
      }
    });
  }
  return out;
}

}  // namespace tunet
