#pragma once
// Standard test functions of global optimisation on the unit cube, for the
// search benchmarks (bench_gp, bench_bohb). Definitions and minima from
// Surjanovic & Bingham, "Virtual Library of Simulation Experiments"
// (sfu.ca/~ssurjano). Point is any vector type with operator[] (std::vector,
// Eigen::VectorXd).
#include <cmath>
#include <numbers>

namespace tunet::bench {

// Branin on [-5, 10] x [0, 15] (u in [0, 1]^2 mapped there), f* = 0.397887:
// f = (x2 - 5.1 x1^2 / (4 pi^2) + 5 x1 / pi - 6)^2 + 10 (1 - 1 / (8 pi)) cos(x1) + 10.
template <class Point>
double branin(const Point& u) {
  const double x1 = -5.0 + 15.0 * u[0], x2 = 15.0 * u[1];
  const double pi = std::numbers::pi;
  const double a = x2 - 5.1 / (4 * pi * pi) * x1 * x1 + 5.0 / pi * x1 - 6.0;
  return a * a + 10.0 * (1.0 - 1.0 / (8.0 * pi)) * std::cos(x1) + 10.0;
}
inline constexpr double kBraninMinimum = 0.397887;

// Hartmann-6 on [0, 1]^6, f* = -3.32237: f = -sum_i alpha_i exp(-sum_j A_ij (x_j - P_ij)^2).
template <class Point>
double hartmann6(const Point& x) {
  static const double alpha[4] = {1.0, 1.2, 3.0, 3.2};
  static const double a[4][6] = {{10, 3, 17, 3.5, 1.7, 8},
                                 {0.05, 10, 17, 0.1, 8, 14},
                                 {3, 3.5, 1.7, 10, 17, 8},
                                 {17, 8, 0.05, 10, 0.1, 14}};
  static const double p[4][6] = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
                                 {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
                                 {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
                                 {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
  double sum = 0.0;
  for (int i = 0; i < 4; ++i) {
    double inner = 0.0;
    for (int j = 0; j < 6; ++j) inner += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]);
    sum += alpha[i] * std::exp(-inner);
  }
  return -sum;
}
inline constexpr double kHartmann6Minimum = -3.32237;

}  // namespace tunet::bench
