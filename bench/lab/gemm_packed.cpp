// The packed GEMM rungs: core's packed GEMM (core/cpu/packed_gemm.hpp, BLIS's
// loops, Van Zee & van de Geijn, TOMS 2015) with each micro-kernel of the
// build, on one thread and on the threads; core's cpu::gemm as the library
// runs it; the Eigen reference; and the ladder's list.
#include <Eigen/Core>

#include "bench/lab/gemm_ladder.hpp"
#include "bench/lab/peers.hpp"
#include "core/cpu/gemm.hpp"
#include "core/cpu/packed_gemm.hpp"

namespace tunet::lab {
namespace {

// A (m x k) and B (k x n) row-major, C (m x n) = A B with the given micro-kernel.
void packed_with(cpu::MicroKernel kernel, const float* a, const float* b, float* c, int64_t m, int64_t n,
                 int64_t k) {
  cpu::packed_gemm(m, n, k, {a, k, 1}, {b, n, 1}, c, n, false, kernel);
}

}  // namespace

void gemm_packed(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  packed_with(cpu::widest_micro_kernel(), a, b, c, m, n, k);
}

void gemm_packed_portable(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  packed_with(cpu::MicroKernel::kPortable, a, b, c, m, n, k);
}

#if defined(__AVX2__) && defined(__FMA__)
void gemm_packed_avx2(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  packed_with(cpu::MicroKernel::kAvx2, a, b, c, m, n, k);
}
#endif

void gemm_packed_parallel(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  cpu::packed_gemm_parallel(m, n, k, {a, k, 1}, {b, n, 1}, c, n, false);
}

void gemm_core(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  cpu::gemm(a, b, c, {.m = m, .n = n, .k = k});
}

// The reference: Eigen 3.4's GEMM (Goto's algorithm with its own packing and
// kernels), on the same buffers without copies.
void gemm_eigen(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::Map<const RowMatrix> A(a, m, k), B(b, k, n);
  Eigen::Map<RowMatrix> C(c, m, n);
  C.noalias() = A * B;
}

std::string gemm_micro_kernel_name() { return cpu::micro_kernel_name(cpu::widest_micro_kernel()); }

const std::vector<GemmRung>& gemm_ladder() {
  static const std::vector<GemmRung> rungs = [] {
    std::vector<GemmRung> r{
        {"naive", "the specification: i-j-k, B read down its columns", gemm_naive, false},
        {"ikj", "loop order i-k-j: unit stride, vectorised inner loop", gemm_ikj, false},
        {"blocked", "cache blocking: a 128x512 B block stays in L2", gemm_blocked, false},
        {"packed_portable", "packed panels + a 4x16 plain C++ register block", gemm_packed_portable, false},
    };
#if defined(__AVX2__) && defined(__FMA__) && defined(__AVX512F__)
    r.push_back({"packed_avx2", "the same with a 6x16 AVX2 intrinsics kernel", gemm_packed_avx2, false});
#endif
    r.push_back({"packed", "the widest intrinsics kernel: " + gemm_micro_kernel_name(), gemm_packed, false});
    r.push_back({"packed_parallel", "OpenMP: one strip of C per thread (same bits)", gemm_packed_parallel, true});
    r.push_back({"core", "core's cpu::gemm: the kernel gemm_kernel_for picks, on the threads", gemm_core, true});
#if defined(EIGEN_DONT_PARALLELIZE)
    constexpr bool kEigenThreads = false;  // core builds Eigen single-threaded (thread-count-independent results)
#else
    constexpr bool kEigenThreads = true;
#endif
    r.push_back({"eigen", "Eigen 3.4's GEMM (reference)", gemm_eigen, kEigenThreads});
#if defined(TUNET_LAB_WITH_OPENBLAS)
    r.push_back({"openblas", "OpenBLAS's cblas_sgemm", gemm_openblas, true, peer_missing("openblas")});
#else
    r.push_back({"openblas", "OpenBLAS's cblas_sgemm", nullptr, true, peer_missing("openblas")});
#endif
#if defined(TUNET_LAB_WITH_BLIS)
    r.push_back({"blis", "BLIS's bli_sgemm", gemm_blis, true, ""});
#else
    r.push_back({"blis", "BLIS's bli_sgemm", nullptr, true, peer_missing("blis")});
#endif
#if defined(TUNET_LAB_WITH_ONEDNN)
    r.push_back({"onednn", "oneDNN's matmul primitive", gemm_onednn, true, ""});
#else
    r.push_back({"onednn", "oneDNN's matmul primitive", nullptr, true, peer_missing("onednn")});
#endif
    return r;
  }();
  return rungs;
}

}  // namespace tunet::lab
