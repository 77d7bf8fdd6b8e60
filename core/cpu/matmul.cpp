// The CPU matmul table: Eigen's GEMM on the tensors' buffers, mapped in place
// (never copied). Row-major A (M, K), B (K, N), C (M, N) after the transposes;
// a batch is a loop of such products at the given strides.
#include <Eigen/Core>

#include "core/op_kernels.hpp"

namespace tunet {

namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMatrixMap = Eigen::Map<const RowMatrix>;

// C = op(A) op(B), or C += op(A) op(B) when accumulate.
void gemm_one(const float* a, const float* b, float* c, const GemmArgs& g) {
  const int64_t m = g.m, n = g.n, k = g.k;
  ConstMatrixMap A(a, g.transpose_a ? k : m, g.transpose_a ? m : k);
  ConstMatrixMap B(b, g.transpose_b ? n : k, g.transpose_b ? k : n);
  Eigen::Map<RowMatrix> C(c, m, n);
  auto assign = [&](const auto& lhs, const auto& rhs) {
    if (g.accumulate)
      C.noalias() += lhs * rhs;
    else
      C.noalias() = lhs * rhs;
  };
  if (g.transpose_a && g.transpose_b) assign(A.transpose(), B.transpose());
  else if (g.transpose_a) assign(A.transpose(), B);
  else if (g.transpose_b) assign(A, B.transpose());
  else assign(A, B);
}

void gemm_batched(const GemmArgs& g, Device) {
  for (int64_t i = 0; i < g.batch; ++i)
    gemm_one(g.a + i * g.stride_a, g.b + i * g.stride_b, g.c + i * g.stride_c, g);
}

}  // namespace

const MatmulKernels& MatmulKernels::cpu() {
  static const MatmulKernels table = {.gemm = gemm_batched};
  return table;
}

}  // namespace tunet
