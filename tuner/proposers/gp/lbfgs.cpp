#include "tuner/proposers/gp/lbfgs.hpp"

#include <cmath>
#include <deque>
#include <limits>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace tunet::tuner {
namespace {

Eigen::VectorXd clamp(const Eigen::VectorXd& x, const Eigen::VectorXd& lower,
                      const Eigen::VectorXd& upper) {
  return x.cwiseMax(lower).cwiseMin(upper);
}

// g with the coordinates held at a bound (gradient pushing outside) set to 0.
Eigen::VectorXd projected_gradient(const Eigen::VectorXd& x, const Eigen::VectorXd& g,
                                   const Eigen::VectorXd& lower, const Eigen::VectorXd& upper) {
  Eigen::VectorXd pg = g;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if ((x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0)) pg[i] = 0;
  }
  return pg;
}

struct CurvaturePair {
  Eigen::VectorXd s, y;
  double rho;  // 1 / (y.s)
};

// Two-loop recursion: returns -H q with H the L-BFGS inverse-Hessian estimate,
// scaled initially by gamma = s.y / y.y of the newest pair.
Eigen::VectorXd lbfgs_direction(const Eigen::VectorXd& q_in, const std::deque<CurvaturePair>& pairs) {
  Eigen::VectorXd q = q_in;
  std::vector<double> a(pairs.size());
  for (size_t k = pairs.size(); k-- > 0;) {
    a[k] = pairs[k].rho * pairs[k].s.dot(q);
    q -= a[k] * pairs[k].y;
  }
  if (!pairs.empty()) {
    const CurvaturePair& newest = pairs.back();
    q *= newest.s.dot(newest.y) / newest.y.squaredNorm();
  }
  for (size_t k = 0; k < pairs.size(); ++k) {
    double b = pairs[k].rho * pairs[k].y.dot(q);
    q += (a[k] - b) * pairs[k].s;
  }
  return -q;
}

}  // namespace

LbfgsResult lbfgs_minimize(const LbfgsObjective& f, const Eigen::VectorXd& x0,
                           const Eigen::VectorXd& lower, const Eigen::VectorXd& upper,
                           const LbfgsOptions& options) {
  check(x0.size() == lower.size() && x0.size() == upper.size(),
        "lbfgs_minimize: x0 has " + std::to_string(x0.size()) + " coordinates but the bounds have " +
            std::to_string(lower.size()) + " and " + std::to_string(upper.size()));
  check((lower.array() <= upper.array()).all(), "lbfgs_minimize: a lower bound exceeds its upper bound");
  LbfgsResult result;
  result.x = clamp(x0, lower, upper);
  Eigen::VectorXd g(x0.size());
  result.value = f(result.x, g);
  result.evaluations = 1;
  if (!std::isfinite(result.value)) return result;

  std::deque<CurvaturePair> pairs;
  Eigen::VectorXd x_new, g_new(x0.size());
  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    Eigen::VectorXd pg = projected_gradient(result.x, g, lower, upper);
    if (pg.lpNorm<Eigen::Infinity>() <= options.gradient_tolerance) break;

    Eigen::VectorXd d = lbfgs_direction(pg, pairs);
    for (Eigen::Index i = 0; i < d.size(); ++i) {
      if (pg[i] == 0) d[i] = 0;  // held coordinates stay on their bound
    }
    if (d.dot(pg) >= 0) {  // not a descent direction: forget the curvature
      pairs.clear();
      d = -pg;
    }
    // First step (no curvature yet): a unit move in the largest coordinate.
    double t = pairs.empty() ? std::min(1.0, 1.0 / d.lpNorm<Eigen::Infinity>()) : 1.0;

    double f_new = std::numeric_limits<double>::infinity();
    bool accepted = false;
    for (int k = 0; k < options.max_line_search; ++k, t *= 0.5) {
      x_new = clamp(result.x + t * d, lower, upper);
      f_new = f(x_new, g_new);
      ++result.evaluations;
      if (std::isfinite(f_new) && f_new <= result.value + options.armijo * g.dot(x_new - result.x)) {
        accepted = true;
        break;
      }
    }
    if (!accepted) break;

    Eigen::VectorXd s = x_new - result.x;
    Eigen::VectorXd y = g_new - g;
    double sy = s.dot(y);
    if (sy > 1e-12 * y.squaredNorm() && sy > 0) {
      pairs.push_back({s, y, 1.0 / sy});
      if (static_cast<int>(pairs.size()) > options.memory) pairs.pop_front();
    }
    double decrease = result.value - f_new;
    result.x = x_new;
    result.value = f_new;
    g = g_new;
    result.iterations = iteration + 1;
    if (decrease <= options.value_tolerance * std::max(std::abs(f_new), 1.0)) break;
  }
  return result;
}

}  // namespace tunet::tuner
