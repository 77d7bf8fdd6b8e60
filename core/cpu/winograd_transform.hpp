#pragma once
// Winograd's minimal filtering F(m, r) (Lavin & Gray 2016; Toom-Cook
// construction), the arithmetic behind core/cpu/winograd_conv.hpp.
//
// One tile of a stride-1 correlation, y[i] = sum_k g[k] d[i + k] for i < m,
// reads alpha = m + r - 1 inputs. Written as
//
//   y = A^T [ (G g) .* (B^T d) ]                (1-D)
//   Y = A^T [ (G g G^T) .* (B^T d B) ] A        (2-D: an m x m tile of outputs)
//
// it costs alpha (alpha^2) multiplications instead of m*r (m^2 r^2): for
// F(4x4, 5x5), 64 instead of 400. The matrices come from interpolating the
// product of two polynomials at alpha - 1 finite points and infinity:
//   E_m (alpha x m), E_r (alpha x r): rows [1, a, a^2, ...] at each point a,
//       the infinity row picks the leading coefficient;
//   V (alpha x alpha) the same evaluation of a degree alpha-1 polynomial;
//   A^T = E_m^T, G = E_r, B^T = (V^-1)^T     (the transposition principle:
//   correlation is the transpose of the linear convolution V^-1 (E_m h .* E_r g)).
// Points 0, 1, -1, 2, -2, 1/2, -1/2 (in that order, the first alpha - 1) keep
// the float rounding small; the rows of B^T are scaled to a largest entry of 1
// and G's rows by the inverse, which leaves the product unchanged.
#include <array>
#include <cstddef>
#include <utility>
#include <vector>

namespace tunet::cpu {

inline constexpr int kMaxWinogradAlpha = 8;

struct WinogradTransform {
  int m = 0, r = 0, alpha = 0;  // outputs per tile side, kernel side, inputs per tile side
  // Row-major, each also stored transposed for the backward passes.
  std::vector<float> at, a;    // A^T (m x alpha), A (alpha x m)
  std::vector<float> g, gt;    // G (alpha x r), G^T (r x alpha)
  std::vector<float> bt, b;    // B^T (alpha x alpha), B (alpha x alpha)
};

// F(m, r) for m, r >= 1 and m + r - 1 <= 8. Throws Error otherwise.
WinogradTransform make_winograd_transform(int m, int r);

// The same matrices as compile-time constants, for the tile transforms of the
// hot loops: unrolled over a constant matrix, a multiply-add by one of its
// zeros (20 of B^T's 64 for F(4, 5)) disappears and one by +-1 becomes an add.
template <int Rows, int Cols>
using FixedMatrix = std::array<std::array<float, Cols>, Rows>;

enum class WinogradMatrix { At, A, Bt, B };

template <int M, int R, WinogradMatrix Which>
constexpr auto fixed_winograd_matrix();

// kWinograd<M, R, WinogradMatrix::Bt>: B^T of F(M, R) (alpha x alpha), and so on.
template <int M, int R, WinogradMatrix Which>
inline constexpr auto kWinograd = fixed_winograd_matrix<M, R, Which>();

// ---- the construction, in double, usable at compile time ----
namespace winograd_detail {

using Square = std::array<std::array<double, kMaxWinogradAlpha>, kMaxWinogradAlpha>;
inline constexpr std::array<double, kMaxWinogradAlpha - 1> kPoints{0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5};

constexpr double magnitude(double v) { return v < 0 ? -v : v; }

// (alpha x columns): row j < alpha - 1 = [1, a_j, a_j^2, ...]; the last row (the
// point at infinity) selects the highest coefficient.
constexpr Square evaluation_matrix(int alpha, int columns) {
  Square e{};
  for (int j = 0; j + 1 < alpha; ++j) {
    double power = 1.0;
    for (int k = 0; k < columns; ++k, power *= kPoints[std::size_t(j)]) e[std::size_t(j)][std::size_t(k)] = power;
  }
  e[std::size_t(alpha - 1)][std::size_t(columns - 1)] = 1.0;
  return e;
}

// The inverse of the leading n x n block, by Gauss-Jordan elimination with
// partial pivoting (V is invertible: its points are distinct).
constexpr Square inverse(Square a, int n) {
  Square inv{};
  for (int i = 0; i < n; ++i) inv[std::size_t(i)][std::size_t(i)] = 1.0;
  for (int col = 0; col < n; ++col) {
    int pivot = col;
    for (int row = col + 1; row < n; ++row)
      if (magnitude(a[std::size_t(row)][std::size_t(col)]) > magnitude(a[std::size_t(pivot)][std::size_t(col)])) pivot = row;
    std::swap(a[std::size_t(col)], a[std::size_t(pivot)]);
    std::swap(inv[std::size_t(col)], inv[std::size_t(pivot)]);
    const double scale = 1.0 / a[std::size_t(col)][std::size_t(col)];
    for (int k = 0; k < n; ++k) {
      a[std::size_t(col)][std::size_t(k)] *= scale;
      inv[std::size_t(col)][std::size_t(k)] *= scale;
    }
    for (int row = 0; row < n; ++row) {
      const double factor = a[std::size_t(row)][std::size_t(col)];
      if (row == col || factor == 0.0) continue;
      for (int k = 0; k < n; ++k) {
        a[std::size_t(row)][std::size_t(k)] -= factor * a[std::size_t(col)][std::size_t(k)];
        inv[std::size_t(row)][std::size_t(k)] -= factor * inv[std::size_t(col)][std::size_t(k)];
      }
    }
  }
  return inv;
}

// A^T (m x alpha), G (alpha x r) and B^T (alpha x alpha) of F(m, r), B^T's rows
// scaled to a largest entry of 1 and G's rows by the inverse.
struct Tables {
  Square at{}, g{}, bt{};
};

constexpr Tables tables(int m, int r) {
  const int alpha = m + r - 1;
  const Square e_m = evaluation_matrix(alpha, m);
  const Square v_inverse = inverse(evaluation_matrix(alpha, alpha), alpha);
  Tables t;
  t.g = evaluation_matrix(alpha, r);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < alpha; ++j) t.at[std::size_t(i)][std::size_t(j)] = e_m[std::size_t(j)][std::size_t(i)];
  for (int i = 0; i < alpha; ++i) {
    double largest = 0.0;
    for (int j = 0; j < alpha; ++j) {
      t.bt[std::size_t(i)][std::size_t(j)] = v_inverse[std::size_t(j)][std::size_t(i)];
      largest = magnitude(t.bt[std::size_t(i)][std::size_t(j)]) > largest ? magnitude(t.bt[std::size_t(i)][std::size_t(j)]) : largest;
    }
    for (int j = 0; j < alpha; ++j) t.bt[std::size_t(i)][std::size_t(j)] /= largest;
    for (int k = 0; k < r; ++k) t.g[std::size_t(i)][std::size_t(k)] *= largest;
  }
  return t;
}

}  // namespace winograd_detail

template <int M, int R, WinogradMatrix Which>
constexpr auto fixed_winograd_matrix() {
  constexpr int alpha = M + R - 1;
  static_assert(M >= 1 && R >= 1 && alpha <= kMaxWinogradAlpha);
  constexpr winograd_detail::Tables t = winograd_detail::tables(M, R);
  constexpr bool transposed = Which == WinogradMatrix::A || Which == WinogradMatrix::B;
  constexpr int rows = (Which == WinogradMatrix::At ? M : alpha);
  constexpr int cols = (Which == WinogradMatrix::A ? M : alpha);
  const winograd_detail::Square& source = Which == WinogradMatrix::At || Which == WinogradMatrix::A ? t.at : t.bt;
  FixedMatrix<rows, cols> out{};
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      out[std::size_t(i)][std::size_t(j)] = float(transposed ? source[std::size_t(j)][std::size_t(i)] : source[std::size_t(i)][std::size_t(j)]);
  return out;
}

}  // namespace tunet::cpu
