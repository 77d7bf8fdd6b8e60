// The packed GEMM rungs (BLIS's loop structure, Van Zee & van de Geijn, "BLIS:
// A Framework for Rapidly Instantiating BLAS Functionality", TOMS 2015), the
// Eigen reference, and the ladder's list.
#include <algorithm>
#include <cstring>
#include <memory>
#include <new>

#include <Eigen/Core>

#include "bench/lab/gemm_ladder.hpp"
#include "bench/lab/micro_kernels.hpp"

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace tunet::lab {
namespace {

// kc: the depth of one packed block; an MR x kc A panel (14 x 384 floats =
// 21 KiB) sits in L1 beside a streaming B panel. mc rows of A packed (~160 x
// 384 = 240 KiB) stay in L2 while the B block (kc x nc, 6 MiB at most) is
// read once per mc block from L3.
constexpr int64_t kKc = 384;
constexpr int64_t kMcRows = 160;
constexpr int64_t kNc = 4096;

constexpr int64_t round_up(int64_t x, int64_t to) { return (x + to - 1) / to * to; }

// 64-byte aligned scratch, owned per thread and grown as needed, so a call
// allocates nothing once warm (a fresh buffer above glibc's mmap threshold
// is page-faulted in on every call). Slots 0, 1: packed A and B of the
// one-thread rung; 2, 3: those the parallel rung's threads share.
float* scratch(int slot, int64_t floats) {
  struct Buffer {
    std::unique_ptr<float[], void (*)(float*)> data{nullptr, [](float* p) { ::operator delete[](p, std::align_val_t(64)); }};
    int64_t size = 0;
  };
  thread_local Buffer buffers[4];
  Buffer& buf = buffers[slot];
  if (buf.size < floats) {
    buf.data.reset(static_cast<float*>(::operator new[](sizeof(float) * floats, std::align_val_t(64))));
    buf.size = floats;
  }
  return buf.data.get();
}

// Rows [row0, row0 + rows) x columns [p0, p0 + kc) of A (row stride lda) as
// one MR-row panel, k-major: dst[p * MR + i]; rows past the matrix are zeros.
template <int MR>
void pack_a_panel(const float* a, int64_t lda, int64_t row0, int64_t rows, int64_t p0, int64_t kc, float* dst) {
  for (int64_t p = 0; p < kc; ++p) {
    for (int64_t i = 0; i < MR; ++i) dst[p * MR + i] = i < rows ? a[(row0 + i) * lda + p0 + p] : 0.0f;
  }
}

// Rows [p0, p0 + kc) x columns [col0, col0 + cols) of B as one NR-column
// panel, k-major: dst[p * NR + j]; columns past the matrix are zeros.
template <int NR>
void pack_b_panel(const float* b, int64_t ldb, int64_t p0, int64_t kc, int64_t col0, int64_t cols, float* dst) {
  for (int64_t p = 0; p < kc; ++p) {
    const float* src = b + (p0 + p) * ldb + col0;
    float* d = dst + p * NR;
    if (cols == NR) {
      std::memcpy(d, src, sizeof(float) * NR);
    } else {
      for (int64_t j = 0; j < NR; ++j) d[j] = j < cols ? src[j] : 0.0f;
    }
  }
}

// C[0..mc, 0..nc) (+)= packed A (mc rows) x packed B (nc columns), one
// micro-kernel call per MR x NR tile; A's panel of the tile starts ir * kc into
// a_pack, B's jr * kc into b_pack.
template <class Kernel>
void macro_kernel(int64_t kc, int64_t mc, int64_t nc, const float* a_pack, const float* b_pack, float* c,
                  int64_t ldc, bool accumulate) {
  for (int64_t jr = 0; jr < nc; jr += Kernel::NR) {
    for (int64_t ir = 0; ir < mc; ir += Kernel::MR) {
      Kernel::run(kc, a_pack + ir * kc, b_pack + jr * kc, c + ir * ldc + jr, ldc, std::min<int64_t>(Kernel::MR, mc - ir),
                  std::min<int64_t>(Kernel::NR, nc - jr), accumulate);
    }
  }
}

// Rung 3, packed panels + a register-blocked micro-kernel. The loops of BLIS:
// for each nc-wide column block of B and each kc-deep slice, B's block is
// copied once into NR-wide k-major panels; for each mc-row block of A, A's
// block into MR-high k-major panels; then the micro-kernel keeps an MR x NR
// tile of C in registers for the whole kc loop. What that buys over rung 2:
// C is loaded and stored once per kc multiply-adds instead of once per one;
// every operand the kernel reads is contiguous and in cache (the packing
// turns B's strided columns into unit-stride streams, and the TLB sees a few
// pages); and the MR x NR independent accumulators hide the FMA latency.
template <class Kernel>
void gemm_packed_with(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  constexpr int64_t MR = Kernel::MR, NR = Kernel::NR;
  constexpr int64_t kMc = round_up(kMcRows, MR);
  if (k == 0) {
    std::fill(c, c + m * n, 0.0f);
    return;
  }
  float* a_pack = scratch(0, kMc * kKc);
  float* b_pack = scratch(1, kKc * round_up(std::min(n, kNc), NR));
  for (int64_t jc = 0; jc < n; jc += kNc) {
    const int64_t nc = std::min(kNc, n - jc);
    for (int64_t pc = 0; pc < k; pc += kKc) {
      const int64_t kc = std::min(kKc, k - pc);
      for (int64_t jr = 0; jr < nc; jr += NR) {
        pack_b_panel<NR>(b, n, pc, kc, jc + jr, std::min(NR, nc - jr), b_pack + jr * kc);
      }
      for (int64_t ic = 0; ic < m; ic += kMc) {
        const int64_t mc = std::min(kMc, m - ic);
        for (int64_t ir = 0; ir < mc; ir += MR) {
          pack_a_panel<MR>(a, k, ic + ir, std::min(MR, mc - ir), pc, kc, a_pack + ir * kc);
        }
        macro_kernel<Kernel>(kc, mc, nc, a_pack, b_pack, c + ic * n + jc, n, pc > 0);
      }
    }
  }
}

// Rung 4, the same with OpenMP. The threads pack all of B's kc slices
// together, then, block of kBlockPanels A panels by block (so A's pack stays
// a few MiB however tall A is, as in im2col's 100,352-row products), pack that
// block's slices and take macro-tiles of C of a fixed size (kTileRowPanels x
// MR rows, kTileColPanels x NR columns) from a dynamic queue, each tile running
// through every kc slice while its C stays in cache. Three barriers per block
// at most: on a loaded machine a barrier waits until the other thread gets
// a core again. A tile's place and size depend on neither the thread count
// nor the thread that computes it, and each C element is summed in the same
// order (kc slices in order, p in order within the micro-kernel), so the
// result is the same bits on any number of threads, and the same as rung 3's.
template <class Kernel>
void gemm_packed_parallel_with(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  constexpr int64_t MR = Kernel::MR, NR = Kernel::NR;
  constexpr int64_t kTileRowPanels = 4, kTileColPanels = 2, kBlockPanels = 18 * kTileRowPanels;
  if (k == 0) {
    std::fill(c, c + m * n, 0.0f);
    return;
  }
  const int64_t a_panels = (m + MR - 1) / MR, b_panels = (n + NR - 1) / NR, slices = (k + kKc - 1) / kKc;
  const int64_t tile_cols = (b_panels + kTileColPanels - 1) / kTileColPanels;
  // Slice s of a pack starts s * kKc * (padded width) floats in; its panels are kc_s deep.
  const int64_t a_rows = std::min(a_panels, kBlockPanels) * MR, b_cols = b_panels * NR;
  float* const a_pack = scratch(2, slices * kKc * a_rows);
  float* const b_pack = scratch(3, slices * kKc * b_cols);
  const auto depth = [&](int64_t s) { return std::min(kKc, k - s * kKc); };
  // One thread below ~4 MFLOP, where a fork and three barriers (a few us
  // each on idle cores) would cost more than 5% of the product.
  constexpr double kParallelMinFlops = 1 << 22;
#pragma omp parallel if (2.0 * double(m) * double(n) * double(k) >= kParallelMinFlops)
  {
#pragma omp for collapse(2) schedule(static)
    for (int64_t s = 0; s < slices; ++s) {
      for (int64_t panel = 0; panel < b_panels; ++panel) {
        pack_b_panel<NR>(b, n, s * kKc, depth(s), panel * NR, std::min(NR, n - panel * NR),
                         b_pack + s * kKc * b_cols + panel * NR * depth(s));
      }
    }
    for (int64_t block = 0; block < a_panels; block += kBlockPanels) {
      const int64_t panels = std::min(kBlockPanels, a_panels - block), row0 = block * MR;
#pragma omp for collapse(2) schedule(static)
      for (int64_t s = 0; s < slices; ++s) {
        for (int64_t panel = 0; panel < panels; ++panel) {
          const int64_t row = row0 + panel * MR;
          pack_a_panel<MR>(a, k, row, std::min(MR, m - row), s * kKc, depth(s),
                           a_pack + s * kKc * a_rows + panel * MR * depth(s));
        }
      }
      const int64_t tiles = (panels + kTileRowPanels - 1) / kTileRowPanels * tile_cols;
#pragma omp for schedule(dynamic)
      for (int64_t t = 0; t < tiles; ++t) {
        const int64_t i0 = (t / tile_cols) * kTileRowPanels * MR, j0 = (t % tile_cols) * kTileColPanels * NR;
        const int64_t mc = std::min(kTileRowPanels * MR, m - row0 - i0), nc = std::min(kTileColPanels * NR, n - j0);
        for (int64_t s = 0; s < slices; ++s) {
          macro_kernel<Kernel>(depth(s), mc, nc, a_pack + s * kKc * a_rows + i0 * depth(s),
                               b_pack + s * kKc * b_cols + j0 * depth(s), c + (row0 + i0) * n + j0, n, s > 0);
        }
      }
    }
  }
}

}  // namespace

void gemm_packed(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  gemm_packed_with<BestKernel>(a, b, c, m, n, k);
}

void gemm_packed_portable(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  gemm_packed_with<PortableKernel>(a, b, c, m, n, k);
}

#if defined(__AVX2__) && defined(__FMA__)
void gemm_packed_avx2(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  gemm_packed_with<Avx2Kernel>(a, b, c, m, n, k);
}
#endif

void gemm_packed_parallel(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  gemm_packed_parallel_with<BestKernel>(a, b, c, m, n, k);
}

// Rung 5, the reference: Eigen 3.4's GEMM (Goto's algorithm with its own
// packing and kernels), on the same buffers without copies.
void gemm_eigen(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::Map<const RowMatrix> A(a, m, k), B(b, k, n);
  Eigen::Map<RowMatrix> C(c, m, n);
  C.noalias() = A * B;
}

std::string gemm_micro_kernel_name() {
  return std::string(BestKernel::kIsa) + " " + std::to_string(BestKernel::MR) + "x" + std::to_string(BestKernel::NR);
}

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
    r.push_back({"packed_parallel", "OpenMP over fixed 4x2-panel macro-tiles", gemm_packed_parallel, true});
#if defined(EIGEN_DONT_PARALLELIZE)
    constexpr bool kEigenThreads = false;  // core builds Eigen single-threaded (thread-count-independent results)
#else
    constexpr bool kEigenThreads = true;
#endif
    r.push_back({"eigen", "Eigen 3.4's GEMM (reference)", gemm_eigen, kEigenThreads});
    return r;
  }();
  return rungs;
}

}  // namespace tunet::lab
