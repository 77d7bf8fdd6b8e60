#include "core/cpu/packed_gemm.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>

#include "core/cpu/gemm_micro_kernels.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"

namespace tunet::cpu {
namespace {

// kc: the depth of one packed slice; an MR x kc A panel (14 x 384 floats =
// 21 KiB) sits in L1 beside a streaming B panel. mc rows of A packed (~160 x
// 384 = 240 KiB) stay in L2 while the B block (kc x nc, 6 MiB at most) is
// read once per mc block from L3. kKc also fixes the order of every sum: it
// must not depend on anything but itself.
constexpr int64_t kKc = 384;
constexpr int64_t kMcRows = 160;
constexpr int64_t kNc = 4096;

constexpr int64_t round_up(int64_t x, int64_t to) { return (x + to - 1) / to * to; }

// Slots of the per-thread packing buffers: packed A and packed B.
enum Slot { kPackedA, kPackedB, kSlots };

// 64-byte aligned, owned per thread and grown as needed, so a warm call
// allocates nothing (a fresh buffer above glibc's mmap threshold would be
// page-faulted in on every call).
float* scratch(Slot slot, int64_t floats) {
  struct Buffer {
    std::unique_ptr<float[], void (*)(float*)> data{nullptr, [](float* p) { ::operator delete[](p, std::align_val_t(64)); }};
    int64_t size = 0;
  };
  thread_local Buffer buffers[kSlots];
  Buffer& buf = buffers[slot];
  if (buf.size < floats) {
    buf.data.reset(static_cast<float*>(::operator new[](sizeof(float) * size_t(floats), std::align_val_t(64))));
    buf.size = floats;
  }
  return buf.data.get();
}

#if defined(__AVX512F__)
// dst[q * dst_stride + r] = src[r * src_stride + q] for q < cols, r < 16:
// a 16 x cols block (cols <= 16) transposed in registers (unpack, then
// shuffles of pairs, then of 128-bit lanes: 64 shuffles per 256 floats
// instead of 256 scalar moves); rows r >= rows read as zeros, and only the
// first `lanes` values of each output row are stored.
// (GCC 12's AVX-512 shuffle intrinsics start from _mm512_undefined_ps(), which
// -Wuninitialized reports from inside the header: GCC bug 105593.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
inline void transpose_block(const float* src, int64_t src_stride, int rows, int cols, float* dst,
                            int64_t dst_stride, int lanes) {
  const __mmask16 load_mask = __mmask16((1u << cols) - 1), store_mask = __mmask16((1u << lanes) - 1);
  __m512 r[16], t[16];
  for (int i = 0; i < 16; ++i)
    r[i] = i < rows ? _mm512_maskz_loadu_ps(load_mask, src + i * src_stride) : _mm512_setzero_ps();
  // t[2g], t[2g+1]: rows 2g and 2g+1 interleaved (per 128-bit lane L: columns 4L .. 4L+3)
  for (int g = 0; g < 8; ++g) {
    t[2 * g] = _mm512_unpacklo_ps(r[2 * g], r[2 * g + 1]);
    t[2 * g + 1] = _mm512_unpackhi_ps(r[2 * g], r[2 * g + 1]);
  }
  // r[4g + c], lane L: column 4L + c of rows 4g .. 4g + 3
  for (int g = 0; g < 4; ++g) {
    r[4 * g] = _mm512_shuffle_ps(t[4 * g], t[4 * g + 2], 0x44);
    r[4 * g + 1] = _mm512_shuffle_ps(t[4 * g], t[4 * g + 2], 0xEE);
    r[4 * g + 2] = _mm512_shuffle_ps(t[4 * g + 1], t[4 * g + 3], 0x44);
    r[4 * g + 3] = _mm512_shuffle_ps(t[4 * g + 1], t[4 * g + 3], 0xEE);
  }
  // then the 128-bit lanes: output row 4L + c gathers lane L of r[c], r[4 + c], r[8 + c], r[12 + c]
  for (int c = 0; c < 4; ++c) {
    t[c] = _mm512_shuffle_f32x4(r[c], r[4 + c], 0x88);
    t[4 + c] = _mm512_shuffle_f32x4(r[c], r[4 + c], 0xDD);
    t[8 + c] = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0x88);
    t[12 + c] = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0xDD);
  }
  for (int c = 0; c < 4; ++c) {
    r[c] = _mm512_shuffle_f32x4(t[c], t[8 + c], 0x88);
    r[8 + c] = _mm512_shuffle_f32x4(t[c], t[8 + c], 0xDD);
    r[4 + c] = _mm512_shuffle_f32x4(t[4 + c], t[12 + c], 0x88);
    r[12 + c] = _mm512_shuffle_f32x4(t[4 + c], t[12 + c], 0xDD);
  }
  for (int q = 0; q < cols; ++q) _mm512_mask_storeu_ps(dst + q * dst_stride, store_mask, r[q]);
}
#pragma GCC diagnostic pop
#endif

// Rows [row0, row0 + rows) x columns [p0, p0 + kc) of A as one MR-row panel,
// k-major: dst[p * MR + i] = A(row0 + i, p0 + p); rows past `rows` are zeros.
// Each loop order reads A along its unit stride.
template <int MR>
void pack_a_panel(StridedMatrix a, int64_t row0, int64_t rows, int64_t p0, int64_t kc, float* dst) {
  const float* base = a.data + row0 * a.row_stride + p0 * a.col_stride;
  if (a.col_stride == 1) {  // A row-major: a row of the panel is contiguous
#if defined(__AVX512F__)
    if constexpr (MR <= 16) {
      for (int64_t p = 0; p < kc; p += 16)
        transpose_block(base + p, a.row_stride, int(rows), int(std::min<int64_t>(16, kc - p)), dst + p * MR, MR, MR);
      return;
    }
#endif
    for (int64_t i = 0; i < rows; ++i) {
      const float* src = base + i * a.row_stride;
      for (int64_t p = 0; p < kc; ++p) dst[p * MR + i] = src[p];
    }
    for (int64_t i = rows; i < MR; ++i)
      for (int64_t p = 0; p < kc; ++p) dst[p * MR + i] = 0.0f;
    return;
  }
  if (a.row_stride == 1) {  // A transposed: a column of the panel is contiguous
    for (int64_t p = 0; p < kc; ++p) {
      const float* src = base + p * a.col_stride;
      float* d = dst + p * MR;
      if (rows == MR) {
        std::memcpy(d, src, sizeof(float) * MR);
      } else {
        for (int64_t i = 0; i < MR; ++i) d[i] = i < rows ? src[i] : 0.0f;
      }
    }
    return;
  }
  for (int64_t p = 0; p < kc; ++p) {  // any other strides
    const float* src = base + p * a.col_stride;
    for (int64_t i = 0; i < MR; ++i) dst[p * MR + i] = i < rows ? src[i * a.row_stride] : 0.0f;
  }
}

// Rows [p0, p0 + kc) x columns [col0, col0 + cols) of B as one NR-column
// panel, k-major: dst[p * NR + j] = B(p0 + p, col0 + j); columns past `cols` are zeros.
template <int NR>
void pack_b_panel(StridedMatrix b, int64_t p0, int64_t kc, int64_t col0, int64_t cols, float* dst) {
  const float* base = b.data + p0 * b.row_stride + col0 * b.col_stride;
  if (b.col_stride == 1) {  // B row-major: a row of the panel is contiguous
    for (int64_t p = 0; p < kc; ++p) {
      const float* src = base + p * b.row_stride;
      float* d = dst + p * NR;
      if (cols == NR) {
        std::memcpy(d, src, sizeof(float) * NR);
      } else {
        for (int64_t j = 0; j < NR; ++j) d[j] = j < cols ? src[j] : 0.0f;
      }
    }
    return;
  }
#if defined(__AVX512F__)
  if (b.row_stride == 1 && NR % 16 == 0) {  // B transposed: a column of the panel is contiguous
    for (int64_t j = 0; j < NR; j += 16) {
      const int block_cols = int(std::clamp<int64_t>(cols - j, 0, 16));
      for (int64_t p = 0; p < kc; p += 16)
        transpose_block(base + j * b.col_stride + p, b.col_stride, block_cols, int(std::min<int64_t>(16, kc - p)),
                        dst + p * NR + j, NR, 16);
    }
    return;
  }
#endif
  for (int64_t j = 0; j < cols; ++j) {  // any other strides: read down each column
    const float* src = base + j * b.col_stride;
    for (int64_t p = 0; p < kc; ++p) dst[p * NR + j] = src[p * b.row_stride];
  }
  for (int64_t p = 0; p < kc; ++p)
    for (int64_t j = cols; j < NR; ++j) dst[p * NR + j] = 0.0f;
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

// k = 0: C = 0 (nothing to add with accumulate).
void zero_product(int64_t m, int64_t n, float* c, int64_t ldc, bool accumulate) {
  if (accumulate) return;
  for (int64_t i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
}

// The loops of BLIS: for each nc-wide column block of B and each kc-deep
// slice, B's block is copied once into NR-wide k-major panels; for each
// mc-row block of A, A's block into MR-high k-major panels; then the
// micro-kernel keeps an MR x NR tile of C in registers for the whole kc loop.
// C is loaded and stored once per kc multiply-adds; every operand the kernel
// reads is contiguous and in cache; the MR x NR independent accumulators hide
// the FMA latency.
template <class Kernel>
void packed_gemm_with(int64_t m, int64_t n, int64_t k, StridedMatrix a, StridedMatrix b, float* c, int64_t ldc,
                      bool accumulate) {
  constexpr int64_t MR = Kernel::MR, NR = Kernel::NR;
  constexpr int64_t kMc = round_up(kMcRows, MR);
  if (m == 0 || n == 0) return;
  if (k == 0) return zero_product(m, n, c, ldc, accumulate);
  float* a_pack = scratch(kPackedA, kMc * kKc);
  float* b_pack = scratch(kPackedB, kKc * round_up(std::min(n, kNc), NR));
  for (int64_t jc = 0; jc < n; jc += kNc) {
    const int64_t nc = std::min(kNc, n - jc);
    for (int64_t pc = 0; pc < k; pc += kKc) {
      const int64_t kc = std::min(kKc, k - pc);
      for (int64_t jr = 0; jr < nc; jr += NR) {
        pack_b_panel<NR>(b, pc, kc, jc + jr, std::min(NR, nc - jr), b_pack + jr * kc);
      }
      for (int64_t ic = 0; ic < m; ic += kMc) {
        const int64_t mc = std::min(kMc, m - ic);
        for (int64_t ir = 0; ir < mc; ir += MR) {
          pack_a_panel<MR>(a, ic + ir, std::min(MR, mc - ir), pc, kc, a_pack + ir * kc);
        }
        macro_kernel<Kernel>(kc, mc, nc, a_pack, b_pack, c + ic * ldc + jc, ldc, accumulate || pc > 0);
      }
    }
  }
}

// The threads share C out in strips, one per thread, each computed by the
// one-thread driver: strips of rows (multiples of MR) when N <= M, each
// strip packing all of B, else strips of columns (multiples of NR), each
// packing all of A, so the operand packed more than once is the smaller one.
// One fork and one barrier per call (on a loaded machine every barrier waits
// until the other thread gets a core back). The strips change which thread
// computes an element, never the order of its sum: the bits are
// packed_gemm_with's on any number of threads.
template <class Kernel>
void packed_gemm_parallel_with(int64_t m, int64_t n, int64_t k, StridedMatrix a, StridedMatrix b, float* c,
                               int64_t ldc, bool accumulate) {
  constexpr int64_t MR = Kernel::MR, NR = Kernel::NR;
  // One thread below ~4 MFLOP, where a fork and a barrier (a few us each on
  // idle cores) would cost more than 5% of the product.
  constexpr double kParallelMinFlops = 1 << 22;
  const bool by_rows = n <= m;
  const int64_t panels = by_rows ? (m + MR - 1) / MR : (n + NR - 1) / NR;
  const int64_t strips = std::min<int64_t>(num_threads(), panels);
  if (strips <= 1 || 2.0 * double(m) * double(n) * double(k) < kParallelMinFlops)
    return packed_gemm_with<Kernel>(m, n, k, a, b, c, ldc, accumulate);
  TUNET_OMP(parallel for num_threads(int(strips)) schedule(static, 1))
  for (int64_t strip = 0; strip < strips; ++strip) {
    const int64_t first = panels * strip / strips, last = panels * (strip + 1) / strips;
    if (by_rows) {
      const int64_t row0 = first * MR, rows = std::min(m, last * MR) - row0;
      packed_gemm_with<Kernel>(rows, n, k, {a.data + row0 * a.row_stride, a.row_stride, a.col_stride}, b,
                               c + row0 * ldc, ldc, accumulate);
    } else {
      const int64_t col0 = first * NR, cols = std::min(n, last * NR) - col0;
      packed_gemm_with<Kernel>(m, cols, k, a, {b.data + col0 * b.col_stride, b.row_stride, b.col_stride},
                               c + col0, ldc, accumulate);
    }
  }
}

}  // namespace

MicroKernel widest_micro_kernel() {
#if defined(__AVX512F__)
  return MicroKernel::kAvx512;
#elif defined(__AVX2__) && defined(__FMA__)
  return MicroKernel::kAvx2;
#elif defined(__aarch64__)
  return MicroKernel::kNeon;
#else
  return MicroKernel::kPortable;
#endif
}

bool has_micro_kernel(MicroKernel kernel) {
  switch (kernel) {
    case MicroKernel::kPortable: return true;
    case MicroKernel::kAvx2: return widest_micro_kernel() == MicroKernel::kAvx2 || widest_micro_kernel() == MicroKernel::kAvx512;
    case MicroKernel::kAvx512: return widest_micro_kernel() == MicroKernel::kAvx512;
    case MicroKernel::kNeon: return widest_micro_kernel() == MicroKernel::kNeon;
  }
  return false;
}

std::string micro_kernel_name(MicroKernel kernel) {
  switch (kernel) {
    case MicroKernel::kPortable: return "portable 4x16";
    case MicroKernel::kAvx2: return "avx2 6x16";
    case MicroKernel::kAvx512: return "avx512 14x32";
    case MicroKernel::kNeon: return "neon 8x12";
  }
  return "unknown";
}

void packed_gemm(int64_t m, int64_t n, int64_t k, StridedMatrix a, StridedMatrix b, float* c, int64_t ldc,
                 bool accumulate, MicroKernel kernel) {
  if (!has_micro_kernel(kernel))
    throw Error("packed_gemm: micro-kernel '" + micro_kernel_name(kernel) + "' is not in this build (widest: " +
                micro_kernel_name(widest_micro_kernel()) + ")");
  switch (kernel) {
    case MicroKernel::kPortable: return packed_gemm_with<PortableKernel>(m, n, k, a, b, c, ldc, accumulate);
#if defined(__AVX2__) && defined(__FMA__)
    case MicroKernel::kAvx2: return packed_gemm_with<Avx2Kernel>(m, n, k, a, b, c, ldc, accumulate);
#endif
#if defined(__AVX512F__)
    case MicroKernel::kAvx512: return packed_gemm_with<Avx512Kernel>(m, n, k, a, b, c, ldc, accumulate);
#endif
#if defined(__aarch64__)
    case MicroKernel::kNeon: return packed_gemm_with<NeonKernel>(m, n, k, a, b, c, ldc, accumulate);
#endif
    default: return;
  }
}

// BestKernel (core/cpu/gemm_micro_kernels.hpp) is widest_micro_kernel()'s.
void packed_gemm_parallel(int64_t m, int64_t n, int64_t k, StridedMatrix a, StridedMatrix b, float* c,
                          int64_t ldc, bool accumulate) {
  packed_gemm_parallel_with<BestKernel>(m, n, k, a, b, c, ldc, accumulate);
}

}  // namespace tunet::cpu
