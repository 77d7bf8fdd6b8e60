#pragma once
// gemm: C (M, N) [+]= op(A) op(B) on row-major buffers, the product the dense
// layer and matmul run. Eigen computes it, one tile of C per call on one
// thread; the tiles are fixed by (M, N, K) alone and shared out between the
// threads. Each element of C is then summed in the same order whatever the
// number of threads (Eigen's own multithreaded product picks its depth
// blocking by the thread count, so its sums would not repeat bit for bit).
#include <cstdint>

#include "core/op_kernels.hpp"

namespace tunet::cpu {

// Sizes, transposes and accumulate from g (batch and strides are not read).
void gemm(const float* a, const float* b, float* c, const GemmArgs& g);

}  // namespace tunet::cpu
