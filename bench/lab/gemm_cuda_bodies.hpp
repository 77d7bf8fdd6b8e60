#pragma once
// The CUDA rungs of the GEMM ladder, written as per-thread bodies (TUNET_HD:
// __host__ __device__ under nvcc, plain C++ otherwise), so that the host runs
// the very code the GPU runs, one thread after the other, and the tests check
// it against the naive CPU GEMM without a GPU (tests/test_bench_lab_cuda_bodies.cpp).
// Float32, row-major, C (m x n) = A (m x k) B (k x n), lda = k, ldb = ldc = n.
//
//   NaiveGemmBody            one thread per element of C: C[i][j] = sum_p A[i][p] B[p][j]
//   TiledGemmBody<T>         + a T x T block of threads stages T x T tiles of A and B in
//                              shared memory: each value read from global memory T times less
//   RegisterBlockedGemmBody  + each thread keeps a TM x TN block of C in registers: a value
//                              read from shared memory serves TN (or TM) multiply-adds
//
// The tiled bodies are tile programs: a block of kThreads threads owns one
// kTileM x kTileN tile of C and walks K in steps(); each step is
//   load(shared, thread, step)          every thread copies its part of the step's tiles
//   -- barrier (__syncthreads) --
//   multiply(shared, thread, registers) every thread accumulates from the tiles
//   -- barrier --
// then store(thread, registers) writes the thread's part of C. The GPU runs
// that sequence in one kernel (gemm_cuda.cu); run_tiles_on_host below runs each
// phase for every thread of a block before the next phase, which is what the
// barriers guarantee on the GPU.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "core/kernels/hd.hpp"

namespace tunet::lab {

// C[i][j] for i = index / n, j = index % n: the specification, one thread per output.
struct NaiveGemmBody {
  const float* a;
  const float* b;
  float* c;
  int64_t m, n, k;
  TUNET_HD void operator()(int64_t index) const {
    const int64_t i = index / n, j = index % n;
    float sum = 0.0f;
    for (int64_t p = 0; p < k; ++p) sum += a[i * k + p] * b[p * n + j];
    c[index] = sum;
  }
};

// Where one thread of a tile program is: its block's tile of C (row and
// column in tiles) and its index in the block.
struct TileThread {
  int64_t tile_row, tile_col;
  int thread;
};

// A T x T block of threads computes a T x T tile of C; thread (ty, tx) owns
// C[tile_row T + ty][tile_col T + tx]. Per step, each thread copies one
// element of A's T x T tile and one of B's into shared memory (zeros past the
// matrix edges), then sums T products from them. Global reads per multiply-add
// fall from 2 to 2 / T.
template <int T>
struct TiledGemmBody {
  static constexpr int kTileM = T, kTileN = T, kThreads = T * T;
  struct Shared {
    float a[T][T];  // A[tile_row T + ty][step T + q] at a[ty][q]
    float b[T][T];  // B[step T + q][tile_col T + tx] at b[q][tx]
  };
  struct Registers {
    float sum;
  };

  const float* a;
  const float* b;
  float* c;
  int64_t m, n, k;

  TUNET_HD int64_t steps() const { return (k + T - 1) / T; }
  TUNET_HD void load(Shared& s, const TileThread& t, int64_t step) const {
    const int ty = t.thread / T, tx = t.thread % T;
    const int64_t row = t.tile_row * T + ty, col = t.tile_col * T + tx;
    const int64_t pa = step * T + tx, pb = step * T + ty;
    s.a[ty][tx] = row < m && pa < k ? a[row * k + pa] : 0.0f;
    s.b[ty][tx] = pb < k && col < n ? b[pb * n + col] : 0.0f;
  }
  TUNET_HD void multiply(const Shared& s, const TileThread& t, Registers& r) const {
    const int ty = t.thread / T, tx = t.thread % T;
    for (int q = 0; q < T; ++q) r.sum += s.a[ty][q] * s.b[q][tx];
  }
  TUNET_HD void store(const TileThread& t, const Registers& r) const {
    const int64_t row = t.tile_row * T + t.thread / T, col = t.tile_col * T + t.thread % T;
    if (row < m && col < n) c[row * n + col] = r.sum;
  }
};

// A block of (BM / TM) x (BN / TN) threads computes a BM x BN tile of C, each
// thread a TM x TN block of it in registers (thread (ty, tx) owns rows
// ty TM .. + TM and columns tx TN .. + TN of the tile). Per step the block
// stages A's BM x BK and B's BK x BN tiles (A transposed, so that a thread's
// TM values of one column of A are adjacent); then for each of the BK values
// of p a thread reads TM values of A and TN of B from shared memory into
// registers and does TM x TN multiply-adds with them: TM TN / (TM + TN)
// multiply-adds per shared-memory read (2 at 4 x 4), against 1/2 in the tiled
// rung, and the TM TN accumulators are independent (the FMA latency is hidden
// within one thread).
template <int BM, int BN, int BK, int TM, int TN>
struct RegisterBlockedGemmBody {
  static_assert(BM % TM == 0 && BN % TN == 0, "the threads' blocks tile the block's tile of C");
  static constexpr int kTileM = BM, kTileN = BN, kThreads = (BM / TM) * (BN / TN);
  static_assert((BM * BK) % kThreads == 0 && (BK * BN) % kThreads == 0, "each thread copies as many elements");
  struct Shared {
    float a[BK][BM];  // A[tile_row BM + i][step BK + p] at a[p][i]
    float b[BK][BN];  // B[step BK + p][tile_col BN + j] at b[p][j]
  };
  struct Registers {
    float c[TM][TN];
  };

  const float* a;
  const float* b;
  float* c;
  int64_t m, n, k;

  TUNET_HD int64_t steps() const { return (k + BK - 1) / BK; }
  // The block's threads copy the two tiles element by element, kThreads apart
  // (consecutive threads read consecutive addresses of a row of A or B); a
  // fixed count per thread, so the loops unroll.
  TUNET_HD void load(Shared& s, const TileThread& t, int64_t step) const {
    for (int r = 0; r < BM * BK / kThreads; ++r) {
      const int e = t.thread + r * kThreads, i = e / BK, p = e % BK;
      const int64_t row = t.tile_row * BM + i, col = step * BK + p;
      s.a[p][i] = row < m && col < k ? a[row * k + col] : 0.0f;
    }
    for (int r = 0; r < BK * BN / kThreads; ++r) {
      const int e = t.thread + r * kThreads, p = e / BN, j = e % BN;
      const int64_t row = step * BK + p, col = t.tile_col * BN + j;
      s.b[p][j] = row < k && col < n ? b[row * n + col] : 0.0f;
    }
  }
  // c[i][j] += sum_p A'[p][ty TM + i] B'[p][tx TN + j] over the step's BK values of p.
  TUNET_HD void multiply(const Shared& s, const TileThread& t, Registers& r) const {
    const int ty = t.thread / (BN / TN), tx = t.thread % (BN / TN);
    for (int p = 0; p < BK; ++p) {
      float a_col[TM], b_row[TN];
      for (int i = 0; i < TM; ++i) a_col[i] = s.a[p][ty * TM + i];
      for (int j = 0; j < TN; ++j) b_row[j] = s.b[p][tx * TN + j];
      for (int i = 0; i < TM; ++i)
        for (int j = 0; j < TN; ++j) r.c[i][j] += a_col[i] * b_row[j];
    }
  }
  TUNET_HD void store(const TileThread& t, const Registers& r) const {
    const int ty = t.thread / (BN / TN), tx = t.thread % (BN / TN);
    for (int i = 0; i < TM; ++i) {
      const int64_t row = t.tile_row * BM + ty * TM + i;
      for (int j = 0; j < TN; ++j) {
        const int64_t col = t.tile_col * BN + tx * TN + j;
        if (row < m && col < n) c[row * n + col] = r.c[i][j];
      }
    }
  }
};

// The lab's configurations: 16 x 16 tiles (256 threads); 64 x 64 tiles in
// steps of 8, 4 x 4 per thread (256 threads).
using TiledGemm = TiledGemmBody<16>;
using RegisterBlockedGemm = RegisterBlockedGemmBody<64, 64, 8, 4, 4>;

// The grid of a tile program: one block per tile of C.
template <class Program>
int64_t tile_rows(const Program& p) {
  return (p.m + Program::kTileM - 1) / Program::kTileM;
}
template <class Program>
int64_t tile_cols(const Program& p) {
  return (p.n + Program::kTileN - 1) / Program::kTileN;
}

// Runs a tile program on the calling thread, block after block: within a
// block, each phase for every thread before the next phase (the barriers).
// Shared memory is NaN before each step's loads, so an element that no
// thread loads shows up as NaN in C.
template <class Program>
void run_tiles_on_host(const Program& program) {
  using Shared = typename Program::Shared;
  static_assert(sizeof(Shared) % sizeof(float) == 0, "shared memory holds floats only");
  const auto shared = std::make_unique<Shared>();
  std::vector<typename Program::Registers> registers(Program::kThreads);
  for (int64_t row = 0; row < tile_rows(program); ++row) {
    for (int64_t col = 0; col < tile_cols(program); ++col) {
      registers.assign(Program::kThreads, typename Program::Registers{});
      for (int64_t step = 0; step < program.steps(); ++step) {
        std::fill_n(reinterpret_cast<float*>(shared.get()), sizeof(Shared) / sizeof(float),
                    std::numeric_limits<float>::quiet_NaN());
        for (int t = 0; t < Program::kThreads; ++t) program.load(*shared, TileThread{row, col, t}, step);
        for (int t = 0; t < Program::kThreads; ++t) program.multiply(*shared, TileThread{row, col, t}, registers[t]);
      }
      for (int t = 0; t < Program::kThreads; ++t) program.store(TileThread{row, col, t}, registers[t]);
    }
  }
}

}  // namespace tunet::lab
