#include "core/cpu/winograd_transform.hpp"

#include <string>

#include "core/error.hpp"

namespace tunet::cpu {
namespace {

// The leading rows x cols block of s, row-major, as floats.
std::vector<float> row_major(const winograd_detail::Square& s, int rows, int cols, bool transposed) {
  std::vector<float> out(std::size_t(rows * cols));
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      out[std::size_t(i * cols + j)] = float(transposed ? s[std::size_t(j)][std::size_t(i)] : s[std::size_t(i)][std::size_t(j)]);
  return out;
}

}  // namespace

WinogradTransform make_winograd_transform(int m, int r) {
  const int alpha = m + r - 1;
  check(m >= 1 && r >= 1 && alpha <= kMaxWinogradAlpha,
        "Winograd F(" + std::to_string(m) + ", " + std::to_string(r) +
            "): needs m, r >= 1 and m + r - 1 <= " + std::to_string(kMaxWinogradAlpha));
  const winograd_detail::Tables tables = winograd_detail::tables(m, r);
  WinogradTransform t;
  t.m = m;
  t.r = r;
  t.alpha = alpha;
  t.at = row_major(tables.at, m, alpha, false);
  t.a = row_major(tables.at, alpha, m, true);
  t.g = row_major(tables.g, alpha, r, false);
  t.gt = row_major(tables.g, r, alpha, true);
  t.bt = row_major(tables.bt, alpha, alpha, false);
  t.b = row_major(tables.bt, alpha, alpha, true);
  return t;
}

}  // namespace tunet::cpu
