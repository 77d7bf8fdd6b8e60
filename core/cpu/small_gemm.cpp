#include "core/cpu/small_gemm.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/cpu/lane_block.hpp"

namespace tunet::cpu {
namespace {

// Register block: Rows x Blocks LaneBlocks of C, at most 24 accumulators
// (4 x 6, or 8 x 3 when C is narrow).
constexpr int kBlocks = 6;
constexpr int kMaxRows = 8;
constexpr int max_rows(int64_t blocks) { return blocks <= 3 ? 8 : 4; }

// C rows i0 .. i0 + Rows, columns j0 .. j0 + Blocks * kLanes:
// acc(r, b) = sum_p A(i0 + r, p) B(p, j0 + b*kLanes ..)
template <int Rows, int Blocks>
void block(int64_t k, const float* a, int64_t a_row, int64_t a_col, const float* b, int64_t ldb,
           float* c, int64_t ldc, bool accumulate) {
  LaneBlock acc[Rows][Blocks];
  for (auto& row : acc)
    for (LaneBlock& v : row) v = LaneBlock{};  // (an `= {}` initialiser became a memset call)
  for (int64_t p = 0; p < k; ++p) {
    LaneBlock b_row[Blocks];
    for (int j = 0; j < Blocks; ++j) {
      b_row[j] = load_block(b + p * ldb + j * kLanes);
      keep_in_register(b_row[j]);  // loaded once for the Rows multiply-adds
    }
    for (int r = 0; r < Rows; ++r) {
      const float a_rp = a[r * a_row + p * a_col];
      for (int j = 0; j < Blocks; ++j) acc[r][j] += a_rp * b_row[j];
    }
  }
  for (int r = 0; r < Rows; ++r)
    for (int j = 0; j < Blocks; ++j) {
      float* out = c + r * ldc + j * kLanes;
      store_block(out, accumulate ? load_block(out) + acc[r][j] : acc[r][j]);
    }
}

using BlockFn = void (*)(int64_t, const float*, int64_t, int64_t, const float*, int64_t, float*,
                         int64_t, bool);

template <int Rows, int... Blocks>
constexpr auto row_table(std::integer_sequence<int, Blocks...>) {
  return std::array<BlockFn, sizeof...(Blocks)>{&block<Rows, Blocks + 1>...};
}

// kernels[rows - 1][blocks - 1]
constexpr std::array<std::array<BlockFn, kBlocks>, kMaxRows> kKernels{
    row_table<1>(std::make_integer_sequence<int, kBlocks>()),
    row_table<2>(std::make_integer_sequence<int, kBlocks>()),
    row_table<3>(std::make_integer_sequence<int, kBlocks>()),
    row_table<4>(std::make_integer_sequence<int, kBlocks>()),
    row_table<5>(std::make_integer_sequence<int, kBlocks>()),
    row_table<6>(std::make_integer_sequence<int, kBlocks>()),
    row_table<7>(std::make_integer_sequence<int, kBlocks>()),
    row_table<8>(std::make_integer_sequence<int, kBlocks>())};

}  // namespace

void small_gemm(int64_t m, int64_t n, int64_t k, const float* a, int64_t a_row, int64_t a_col,
                const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate) {
  const int64_t lane_blocks = n / kLanes;
  for (int64_t j0 = 0; j0 < lane_blocks; j0 += kBlocks) {
    const int64_t blocks = std::min<int64_t>(kBlocks, lane_blocks - j0);
    const int64_t row_step = max_rows(blocks);
    for (int64_t i0 = 0; i0 < m; i0 += row_step) {
      const int64_t rows = std::min<int64_t>(row_step, m - i0);
      kKernels[size_t(rows - 1)][size_t(blocks - 1)](k, a + i0 * a_row, a_row, a_col,
                                                     b + j0 * kLanes, ldb,
                                                     c + i0 * ldc + j0 * kLanes, ldc, accumulate);
    }
  }
}

}  // namespace tunet::cpu
