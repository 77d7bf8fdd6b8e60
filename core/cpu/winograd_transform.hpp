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
#include <vector>

namespace tunet::cpu {

struct WinogradTransform {
  int m = 0, r = 0, alpha = 0;  // outputs per tile side, kernel side, inputs per tile side
  // Row-major, each also stored transposed for the backward passes.
  std::vector<float> at, a;    // A^T (m x alpha), A (alpha x m)
  std::vector<float> g, gt;    // G (alpha x r), G^T (r x alpha)
  std::vector<float> bt, b;    // B^T (alpha x alpha), B (alpha x alpha)
};

// F(m, r) for m, r >= 1 and m + r - 1 <= 8. Throws Error otherwise.
WinogradTransform make_winograd_transform(int m, int r);

}  // namespace tunet::cpu
