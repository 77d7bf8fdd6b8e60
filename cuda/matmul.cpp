// The CUDA matmul table: row-major GEMM through cuBLAS, which is column-major.
// A row-major (M, N) matrix is the column-major (N, M) matrix of its
// transpose, so C = op(A) op(B) is computed as C^T = op(B)^T op(A)^T:
//   cublasGemmEx(op_b, op_a, N, M, K, B, ldb, A, lda, C, ldc = N)
// with ld = the row length of each stored matrix (B: N, or K when it is
// transposed; A: K, or M when it is transposed). beta = 1 accumulates into C.
#include <climits>

#include "core/error.hpp"
#include "cuda/runtime.cuh"
#include "cuda/tables.hpp"

namespace tunet::cuda {
namespace {

int as_int(int64_t v, const char* what, const GemmArgs& g) {
  if (v > INT_MAX)
    throw Error(std::string("cuda gemm: ") + what + " = " + std::to_string(v) + " exceeds cuBLAS's int range (M " +
                std::to_string(g.m) + ", N " + std::to_string(g.n) + ", K " + std::to_string(g.k) + ", batch " +
                std::to_string(g.batch) + ")");
  return static_cast<int>(v);
}

}  // namespace

void gemm(const GemmArgs& g) {
  if (g.m == 0 || g.n == 0 || g.batch == 0) return;
  if (g.k == 0) {  // an empty sum: C = 0, or C unchanged when accumulating
    if (!g.accumulate)
      for (int64_t i = 0; i < g.batch; ++i) fill(g.c + i * g.stride_c, g.m * g.n, 0.0f);
    return;
  }
  const int m = as_int(g.m, "M", g), n = as_int(g.n, "N", g), k = as_int(g.k, "K", g);
  const int batch = as_int(g.batch, "batch", g);
  const cublasOperation_t op_a = g.transpose_a ? CUBLAS_OP_T : CUBLAS_OP_N;
  const cublasOperation_t op_b = g.transpose_b ? CUBLAS_OP_T : CUBLAS_OP_N;
  const int lda = g.transpose_a ? m : k, ldb = g.transpose_b ? k : n;
  const float alpha = 1.0f, beta = g.accumulate ? 1.0f : 0.0f;
  cublasHandle_t handle = cublas_handle();
  if (batch == 1) {
    check_cublas(cublasGemmEx(handle, op_b, op_a, n, m, k, &alpha, g.b, CUDA_R_32F, ldb, g.a, CUDA_R_32F, lda, &beta,
                              g.c, CUDA_R_32F, n, gemm_compute_type(), CUBLAS_GEMM_DEFAULT),
                 "cublasGemmEx");
  } else {
    check_cublas(cublasGemmStridedBatchedEx(handle, op_b, op_a, n, m, k, &alpha, g.b, CUDA_R_32F, ldb, g.stride_b,
                                            g.a, CUDA_R_32F, lda, g.stride_a, &beta, g.c, CUDA_R_32F, n, g.stride_c,
                                            batch, gemm_compute_type(), CUBLAS_GEMM_DEFAULT),
                 "cublasGemmStridedBatchedEx");
  }
}

const MatmulKernels& matmul_kernels() {
  static const MatmulKernels table = {.gemm = [](const GemmArgs& args, Device) { gemm(args); }};
  return table;
}

}  // namespace tunet::cuda
