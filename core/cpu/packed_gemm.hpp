#pragma once
// packed_gemm: C (M x N) = or += A (M x K) B (K x N) in float32 by BLIS's
// loops (Van Zee & van de Geijn, "BLIS: A Framework for Rapidly Instantiating
// BLAS Functionality", TOMS 2015): B's kc x nc block is copied into NR-wide
// k-major panels, A's mc x kc block into MR-high ones, and a register-blocked
// micro-kernel (core/cpu/gemm_micro_kernels.hpp) keeps an MR x NR tile of C in
// registers for the whole kc loop.
//
// A and B are read through strides, so a transposed operand is packed straight
// from its storage (no copy). C is row-major with row stride ldc.
//
// Each element of C is summed in one order whatever the blocking of M and N or
// the number of threads: kc = 384 slices of K in order, p in order within a
// slice, each slice's sum added to C. So packed_gemm and packed_gemm_parallel
// give the same bits, on any number of threads (tests/test_core_packed_gemm.cpp).
//
// The packing buffers are per thread, 64-byte aligned and grown as needed (a
// warm call allocates nothing); they are kept until the thread ends.
#include <cstdint>
#include <string>

namespace tunet::cpu {

// A matrix read through strides: element (row, col) at
// data[row * row_stride + col * col_stride]. A row-major R x C matrix is
// {data, C, 1}; its transpose (C x R) is {data, 1, C}.
struct StridedMatrix {
  const float* data;
  int64_t row_stride, col_stride;
};

// The micro-kernels (core/cpu/gemm_micro_kernels.hpp); a build has the
// portable one and those its target allows (AVX2, AVX-512 by -march; NEON on
// every AArch64).
enum class MicroKernel { kPortable, kAvx2, kAvx512, kNeon };
MicroKernel widest_micro_kernel();
bool has_micro_kernel(MicroKernel kernel);
std::string micro_kernel_name(MicroKernel kernel);  // e.g. "avx512 14x32"

// One thread: C (m x n) = A (m x k) B (k x n), or C += A B with accumulate;
// k = 0 writes zeros (or leaves C as it is with accumulate). Throws
// tunet::Error when `kernel` is not in this build.
void packed_gemm(int64_t m, int64_t n, int64_t k, StridedMatrix a, StridedMatrix b, float* c,
                 int64_t ldc, bool accumulate, MicroKernel kernel = widest_micro_kernel());

// The same on the OpenMP threads (num_threads(); one thread below ~4 MFLOP)
// with the widest micro-kernel: C in one strip of rows or of columns per
// thread, each strip the one-thread driver's product. The same bits as
// packed_gemm on any number of threads.
void packed_gemm_parallel(int64_t m, int64_t n, int64_t k, StridedMatrix a, StridedMatrix b,
                          float* c, int64_t ldc, bool accumulate);

}  // namespace tunet::cpu
