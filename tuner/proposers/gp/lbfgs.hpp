#pragma once
// Bounded quasi-Newton minimisation (projected L-BFGS) for the small, smooth
// problems of Bayesian optimisation: the GP's log marginal likelihood over
// its log-hyperparameters and the acquisition function over the unit cube.
//
//   LbfgsResult r = lbfgs_minimize(f, x0, lower, upper, {.max_iterations = 20});
//
// f(x, grad) returns the value and writes the gradient. Each iteration:
//   1. projected gradient pg: g_i, but 0 where x_i sits on a bound and -g_i
//      points outside (those coordinates are held, as in L-BFGS-B's active set);
//   2. direction d = -H pg on the free coordinates, H the two-loop L-BFGS
//      inverse-Hessian estimate from the last `memory` pairs (s, y);
//   3. backtracking on the projected path x(t) = clamp(x + t d) until
//      f(x(t)) <= f(x) + c1 g.(x(t) - x) (Armijo).
// Stops when |pg|_inf <= gradient_tolerance, the relative decrease is below
// value_tolerance, or the line search fails. Not L-BFGS-B's Cauchy point /
// subspace minimisation, which these few-dimensional problems do not need.
#include <functional>

#include <Eigen/Core>

namespace tunet::tuner {

using LbfgsObjective = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& gradient)>;

struct LbfgsOptions {
  int max_iterations = 100;
  int memory = 8;
  double gradient_tolerance = 1e-5;
  double value_tolerance = 1e-10;  // stop when (f_old - f_new) <= tol * max(|f|, 1)
  int max_line_search = 25;
  double armijo = 1e-4;
};

struct LbfgsResult {
  Eigen::VectorXd x;
  double value = 0.0;
  int iterations = 0;
  int evaluations = 0;
};

// Minimises f over the box [lower, upper] from x0 (clamped into the box first).
LbfgsResult lbfgs_minimize(const LbfgsObjective& f, const Eigen::VectorXd& x0,
                           const Eigen::VectorXd& lower, const Eigen::VectorXd& upper,
                           const LbfgsOptions& options = {});

}  // namespace tunet::tuner
