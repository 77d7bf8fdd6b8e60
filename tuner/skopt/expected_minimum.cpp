#include "tuner/skopt/expected_minimum.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <ostream>
#include <vector>

#include "core/error.hpp"
#include "tuner/proposers/gp/lbfgs.hpp"
#include "tuner/proposers/gp/space_transform.hpp"

namespace tunet::tuner {

ExpectedMinimum expected_minimum(const GpResult& result, int n_random_starts, std::uint64_t seed) {
  check(result.model.has_value(), "expected_minimum: the result has no model (no call succeeded)");
  check(n_random_starts >= 0, "expected_minimum: n_random_starts must be >= 0, got " + std::to_string(n_random_starts));
  const GaussianProcess& gp = *result.model;
  const SpaceTransform transform(result.space);
  const CubeLayout& layout = transform.layout();
  const std::vector<bool> free = layout.continuous_mask();

  std::vector<Eigen::VectorXd> starts;
  if (result.has_best()) starts.push_back(transform.to_cube(result.x));
  Rng rng(seed, /*stream=*/0x6578706d696eULL);  // "expmin"
  for (int i = 0; i < n_random_starts; ++i) starts.push_back(transform.to_cube(result.space.sample(rng)));
  check(!starts.empty(), "expected_minimum: no start (no best point and n_random_starts = 0)");

  const LbfgsObjective mean = [&](const Eigen::VectorXd& u, Eigen::VectorXd& gradient) {
    GpPointPrediction p = gp.predict_with_gradient(u);
    gradient = p.mean_gradient;
    return p.mean;
  };
  ExpectedMinimum best{{}, std::numeric_limits<double>::infinity()};
  for (const Eigen::VectorXd& start : starts) {
    // Discrete coordinates are held: their bounds are the start's value.
    Eigen::VectorXd lower = start, upper = start;
    for (Eigen::Index j = 0; j < start.size(); ++j) {
      if (free[static_cast<size_t>(j)]) {
        lower[j] = 0.0;
        upper[j] = 1.0;
      }
    }
    LbfgsResult r = lbfgs_minimize(mean, start, lower, upper);
    Eigen::VectorXd u = r.x;
    layout.snap(u);
    Params x = transform.from_cube(u);
    const double fun = gp.predict(transform.to_cube(x).transpose()).mean[0];
    if (fun < best.fun) best = {std::move(x), fun};
  }
  return best;
}

void print_expected_minimum(std::ostream& out, const Results& results, std::uint64_t seed) {
  const GpResult r = gp_result(results, seed);
  const auto completed = std::count_if(r.func_vals.begin(), r.func_vals.end(), [](double y) { return std::isfinite(y); });
  if (completed < 2) return;
  const ExpectedMinimum m = expected_minimum(r, 20, seed);
  const double value = results.direction() == Direction::Minimize ? m.fun : -m.fun;  // the GP models the loss
  out << "Expected best by the GP mean (expected_minimum): " << m.x << ", " << results.metric() << " = " << value << "\n";
}

}  // namespace tunet::tuner
