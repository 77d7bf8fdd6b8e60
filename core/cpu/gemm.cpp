#include "core/cpu/gemm.hpp"

#include <Eigen/Core>
#include <algorithm>

#include "core/parallel.hpp"

namespace tunet::cpu {
namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMatrixMap = Eigen::Map<const RowMatrix>;

// Tiling: C is cut along its longer side (rows M or columns N) into up to
// kTargetTiles tiles of at least kMinTileSide rows (columns), a multiple of
// kTileAlign, so that two or more threads get even shares; below
// kMinParallelMacs multiply-adds it stays one tile (one Eigen call, no
// parallel region: threading a small product costs more than it saves).
constexpr int64_t kTargetTiles = 16;
constexpr int64_t kMinTileSide = 32;
constexpr int64_t kTileAlign = 16;
constexpr int64_t kMinParallelMacs = int64_t(1) << 20;

struct Tiling {
  bool by_rows;
  int64_t side, count;  // tile side along the cut axis, number of tiles
};

Tiling tiling(const GemmArgs& g) {
  const bool by_rows = g.m >= g.n;
  const int64_t length = by_rows ? g.m : g.n;
  if (g.m * g.n * g.k < kMinParallelMacs || length < 2 * kMinTileSide) return {by_rows, length, 1};
  const int64_t even = (length + kTargetTiles - 1) / kTargetTiles;
  const int64_t side = std::max(kMinTileSide, (even + kTileAlign - 1) / kTileAlign * kTileAlign);
  return {by_rows, side, (length + side - 1) / side};
}

// C rows [i0, i0 + rows) (or columns [j0, j0 + cols)) of C [+]= op(A) op(B).
void gemm_tile(const float* a, const float* b, float* c, const GemmArgs& g, const Tiling& t,
               int64_t tile) {
  const int64_t begin = tile * t.side, size = std::min(t.side, (t.by_rows ? g.m : g.n) - begin);
  ConstMatrixMap A(a, g.transpose_a ? g.k : g.m, g.transpose_a ? g.m : g.k);
  ConstMatrixMap B(b, g.transpose_b ? g.n : g.k, g.transpose_b ? g.k : g.n);
  Eigen::Map<RowMatrix> C(c, g.m, g.n);
  auto assign = [&](const auto& lhs, const auto& rhs) {
    auto product = [&](auto&& dst, const auto& l, const auto& r) {
      if (g.accumulate)
        dst.noalias() += l * r;
      else
        dst.noalias() = l * r;
    };
    if (t.by_rows)
      product(C.middleRows(begin, size), lhs.middleRows(begin, size), rhs);
    else
      product(C.middleCols(begin, size), lhs, rhs.middleCols(begin, size));
  };
  if (g.transpose_a && g.transpose_b) assign(A.transpose(), B.transpose());
  else if (g.transpose_a) assign(A.transpose(), B);
  else if (g.transpose_b) assign(A, B.transpose());
  else assign(A, B);
}

}  // namespace

void gemm(const float* a, const float* b, float* c, const GemmArgs& g) {
  const Tiling t = tiling(g);
  if (t.count == 1 || num_threads() == 1) {
    for (int64_t tile = 0; tile < t.count; ++tile) gemm_tile(a, b, c, g, t, tile);
    return;
  }
  TUNET_OMP(parallel for schedule(static))
  for (int64_t tile = 0; tile < t.count; ++tile) gemm_tile(a, b, c, g, t, tile);
}

}  // namespace tunet::cpu
