#include "core/cpu/gemm.hpp"

#include <Eigen/Core>
#include <algorithm>

#include "core/cpu/packed_gemm.hpp"
#include "core/parallel.hpp"

namespace tunet::cpu {
namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMatrixMap = Eigen::Map<const RowMatrix>;

// The Eigen kernel's tiling: C is cut into a grid of tiles of about
// kTileSide x kTileSide (each Eigen call packs its rows of A and its columns of B: the larger the tile, the
// less packing per multiply-add), into at least kMinTiles where the sides
// allow (so that two or four threads get even shares), sides a multiple of
// kTileAlign and at least kMinTileSide. Below kMinParallelMacs multiply-adds
// it stays one tile (one Eigen call, no parallel region: threading a small
// product costs more than it saves). The grid depends on M, N, K only.
constexpr int64_t kTileSide = 512;
constexpr int64_t kMinTiles = 4;
constexpr int64_t kMinTileSide = 32;
constexpr int64_t kTileAlign = 16;
constexpr int64_t kMinParallelMacs = int64_t(1) << 20;

// Tiles along an axis of `length`: `count` tiles of `side` (the last shorter).
struct AxisTiles {
  int64_t side, count;
};

AxisTiles axis_tiles(int64_t length, int64_t wanted) {
  const int64_t even = (length + wanted - 1) / wanted;
  const int64_t side = std::max(kMinTileSide, (even + kTileAlign - 1) / kTileAlign * kTileAlign);
  return {side, std::max<int64_t>(1, (length + side - 1) / side)};
}

struct Tiling {
  AxisTiles rows, cols;
  int64_t count() const { return rows.count * cols.count; }
};

Tiling tiling(const GemmArgs& g) {
  if (g.m * g.n * g.k < kMinParallelMacs) return {{g.m, 1}, {g.n, 1}};
  int64_t wanted_rows = (g.m + kTileSide - 1) / kTileSide, wanted_cols = (g.n + kTileSide - 1) / kTileSide;
  Tiling t{axis_tiles(g.m, wanted_rows), axis_tiles(g.n, wanted_cols)};
  // More tiles along the axis with the longer tiles, while both can be cut.
  while (t.count() < kMinTiles) {
    const bool cut_rows = t.rows.side >= t.cols.side;
    if ((cut_rows ? t.rows.side : t.cols.side) < 2 * kMinTileSide) break;
    if (cut_rows) t.rows = axis_tiles(g.m, ++wanted_rows);
    else t.cols = axis_tiles(g.n, ++wanted_cols);
  }
  return t;
}

// Tile `tile` (row-major in the grid) of C [+]= op(A) op(B) by Eigen.
void gemm_tile(const float* a, const float* b, float* c, const GemmArgs& g, const Tiling& t, int64_t tile) {
  const int64_t i0 = (tile / t.cols.count) * t.rows.side, j0 = (tile % t.cols.count) * t.cols.side;
  const int64_t rows = std::min(t.rows.side, g.m - i0), cols = std::min(t.cols.side, g.n - j0);
  ConstMatrixMap A(a, g.transpose_a ? g.k : g.m, g.transpose_a ? g.m : g.k);
  ConstMatrixMap B(b, g.transpose_b ? g.n : g.k, g.transpose_b ? g.k : g.n);
  auto C = Eigen::Map<RowMatrix>(c, g.m, g.n).block(i0, j0, rows, cols);
  auto assign = [&](const auto& lhs, const auto& rhs) {
    if (g.accumulate)
      C.noalias() += lhs.middleRows(i0, rows) * rhs.middleCols(j0, cols);
    else
      C.noalias() = lhs.middleRows(i0, rows) * rhs.middleCols(j0, cols);
  };
  if (g.transpose_a && g.transpose_b) assign(A.transpose(), B.transpose());
  else if (g.transpose_a) assign(A.transpose(), B);
  else if (g.transpose_b) assign(A, B.transpose());
  else assign(A, B);
}

void gemm_eigen(const float* a, const float* b, float* c, const GemmArgs& g) {
  const Tiling t = tiling(g);
  const int64_t count = t.count();
  if (count == 1 || num_threads() == 1) {
    for (int64_t tile = 0; tile < count; ++tile) gemm_tile(a, b, c, g, t, tile);
    return;
  }
  TUNET_OMP(parallel for schedule(static))
  for (int64_t tile = 0; tile < count; ++tile) gemm_tile(a, b, c, g, t, tile);
}

// op(A) (m, k) and op(B) (k, n) as strided views of the row-major buffers.
void gemm_packed(const float* a, const float* b, float* c, const GemmArgs& g) {
  const StridedMatrix a_view = g.transpose_a ? StridedMatrix{a, 1, g.m} : StridedMatrix{a, g.k, 1};
  const StridedMatrix b_view = g.transpose_b ? StridedMatrix{b, 1, g.k} : StridedMatrix{b, g.n, 1};
  packed_gemm_parallel(g.m, g.n, g.k, a_view, b_view, c, g.n, g.accumulate);
}

}  // namespace

GemmKernel gemm_kernel_for(int64_t m, int64_t n, int64_t, bool, bool) {
  const bool packed = widest_micro_kernel() == MicroKernel::kAvx512 && m >= kPackedMinRows && n >= kPackedMinColumns;
  return packed ? GemmKernel::kPacked : GemmKernel::kEigen;
}

void gemm_with(GemmKernel kernel, const float* a, const float* b, float* c, const GemmArgs& g) {
  if (kernel == GemmKernel::kPacked) return gemm_packed(a, b, c, g);
  gemm_eigen(a, b, c, g);
}

void gemm(const float* a, const float* b, float* c, const GemmArgs& g) {
  gemm_with(gemm_kernel_for(g.m, g.n, g.k, g.transpose_a, g.transpose_b), a, b, c, g);
}

}  // namespace tunet::cpu
