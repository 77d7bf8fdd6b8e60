// matmul: shapes checked here, the product through the device's MatmulKernels
// (on the CPU, Eigen on the buffers in place). Dimensions: A (M, K), B (K, N),
// C (M, N); a batch of `batch` such products lies contiguously.
#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/op_kernels.hpp"
#include "core/ops.hpp"

namespace tunet {

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
  const Device device = same_device("matmul", {&a, &b});
  const int64_t n = b.dim(-1);
  // (B,M,K)x(K,N) is one (B*M,K)x(K,N) product: the batch is contiguous.
  const bool shared_b = rb == 2;
  const int64_t batch = shared_b ? 1 : a.dim(0);
  const int64_t m = shared_b ? a.dim(0) * (ra == 3 ? a.dim(1) : 1) : a.dim(1);
  Shape out_shape = a.shape();
  out_shape.back() = n;
  Tensor out = Tensor::empty(out_shape, device);
  // C = A B
  kernel_table<MatmulKernels>(device).gemm({.a = a.data_ptr(), .b = b.data_ptr(), .c = out.data_ptr(),
                                       .m = m, .n = n, .k = k,
                                       .batch = batch, .stride_a = m * k, .stride_b = k * n, .stride_c = m * n},
                                      device);

  if (any_requires_grad({&a, &b})) {
    record(out, "matmul", {a, b}, [a, b, batch, m, k, n, device](const Tensor&, const Tensor& grad_out) {
      const MatmulKernels& mk = kernel_table<MatmulKernels>(device);
      if (Tensor da = grad_tensor(a); da.defined())  // dA (M,K) += dC (M,N) B^T
        mk.gemm({.a = grad_out.data_ptr(), .b = b.data_ptr(), .c = da.data_ptr(), .m = m, .n = k, .k = n,
                 .transpose_b = true, .accumulate = true,
                 .batch = batch, .stride_a = m * n, .stride_b = k * n, .stride_c = m * k},
                device);
      if (Tensor db = grad_tensor(b); db.defined())  // dB (K,N) += A^T dC
        mk.gemm({.a = a.data_ptr(), .b = grad_out.data_ptr(), .c = db.data_ptr(), .m = k, .n = n, .k = m,
                 .transpose_a = true, .accumulate = true,
                 .batch = batch, .stride_a = m * k, .stride_b = m * n, .stride_c = k * n},
                device);
    });
  }
  return out;
}

}  // namespace tunet
