// The CPU matmul table: cpu::gemm (the packed kernel or Eigen by the shape,
// on the tensors' buffers in place, never copied). Row-major A (M, K),
// B (K, N), C (M, N) after the transposes; a batch is a loop of such products
// at the given strides.
#include "core/cpu/gemm.hpp"
#include "core/cpu/packed_gemm.hpp"
#include "core/op_kernels.hpp"

namespace tunet {

namespace {

void gemm_batched(const GemmArgs& g, Device) {
  for (int64_t i = 0; i < g.batch; ++i)
    cpu::gemm(g.a + i * g.stride_a, g.b + i * g.stride_b, g.c + i * g.stride_c, g);
}

}  // namespace

const MatmulKernels& MatmulKernels::cpu() {
  static const MatmulKernels table = {
      .gemm = gemm_batched,
      .kernel_name = [] { return cpu::micro_kernel_name(cpu::widest_micro_kernel()); },
  };
  return table;
}

}  // namespace tunet
