#pragma once
// small_gemm: C (M x N) = or += A (M x K) B (K x N) for the small, thin
// products inside the convolution kernels (the Winograd domain's 64 products of
// tiles x channels x filters per chunk), where a general GEMM spends more time
// packing its operands than multiplying them. No packing: B and C are
// row-major with N a whole number of LaneBlocks (core/cpu/lane_block.hpp), A is read
// with any strides (so A^T costs nothing), and a block of C of up to 24
// LaneBlocks (4 rows x 6, or 8 rows x 3) is kept in vector registers while k runs.
#include <cstdint>

namespace tunet::cpu {

// A element (i, p) at a[i * a_row + p * a_col]; B (K x N) with row stride ldb;
// C (M x N) with row stride ldc; n % kLanes == 0.
void small_gemm(int64_t m, int64_t n, int64_t k, const float* a, int64_t a_row, int64_t a_col,
                const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate);

}  // namespace tunet::cpu
