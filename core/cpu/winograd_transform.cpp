#include "core/cpu/winograd_transform.hpp"

#include <Eigen/Dense>
#include <array>
#include <cmath>
#include <string>

#include "core/error.hpp"

namespace tunet::cpu {
namespace {

using MatrixD = Eigen::MatrixXd;

constexpr int kMaxAlpha = 8;
constexpr std::array<double, kMaxAlpha - 1> kPoints{0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5};

// (alpha x columns): row j < alpha - 1 = [1, a_j, a_j^2, ...]; the last row (the
// point at infinity) selects the highest coefficient.
MatrixD evaluation_matrix(int alpha, int columns) {
  MatrixD e = MatrixD::Zero(alpha, columns);
  for (int j = 0; j + 1 < alpha; ++j)
    for (int k = 0; k < columns; ++k) e(j, k) = std::pow(kPoints[size_t(j)], k);
  e(alpha - 1, columns - 1) = 1.0;
  return e;
}

std::vector<float> row_major(const MatrixD& m) {
  std::vector<float> out(size_t(m.rows() * m.cols()));
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) out[size_t(i * m.cols() + j)] = float(m(i, j));
  return out;
}

}  // namespace

WinogradTransform make_winograd_transform(int m, int r) {
  const int alpha = m + r - 1;
  check(m >= 1 && r >= 1 && alpha <= kMaxAlpha,
        "Winograd F(" + std::to_string(m) + ", " + std::to_string(r) +
            "): needs m, r >= 1 and m + r - 1 <= " + std::to_string(kMaxAlpha));
  const MatrixD e_m = evaluation_matrix(alpha, m);
  MatrixD g = evaluation_matrix(alpha, r);
  MatrixD bt = evaluation_matrix(alpha, alpha).inverse().transpose();
  for (int j = 0; j < alpha; ++j) {  // B^T row j / s and G row j * s: same product
    const double s = bt.row(j).cwiseAbs().maxCoeff();
    bt.row(j) /= s;
    g.row(j) *= s;
  }
  WinogradTransform t;
  t.m = m;
  t.r = r;
  t.alpha = alpha;
  t.at = row_major(e_m.transpose());
  t.a = row_major(e_m);
  t.g = row_major(g);
  t.gt = row_major(g.transpose());
  t.bt = row_major(bt);
  t.b = row_major(bt.transpose());
  return t;
}

}  // namespace tunet::cpu
