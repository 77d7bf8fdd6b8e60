#include "tuner/proposers/gp/acquisition_optimizer.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include "tuner/proposers/gp/lbfgs.hpp"

namespace tunet::tuner {
namespace {

constexpr int kMaxFeasibilityTests = 500;

}  // namespace

bool is_duplicate(const Eigen::VectorXd& u, const Eigen::MatrixXd& points) {
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    if ((points.row(i).transpose() - u).lpNorm<Eigen::Infinity>() <= kDuplicateDistance) return true;
  }
  return false;
}

double acquisition_at(const GaussianProcess& gp, Acquisition a, const AcquisitionParams& params, double y_best,
                      const Eigen::VectorXd& x, Eigen::VectorXd* gradient) {
  GpPointPrediction p = gp.predict_with_gradient(x);
  AcquisitionValue v = acquisition_value(a, p.mean, p.std, y_best, params);
  if (gradient) *gradient = v.d_mean * p.mean_gradient + v.d_std * p.std_gradient;
  return v.value;
}

std::optional<AcquisitionProposal> minimize_acquisition(const GaussianProcess& gp, Acquisition a,
                                                        const AcquisitionParams& params, double y_best,
                                                        const CubeLayout& layout, const CandidateSet& candidates,
                                                        const Eigen::MatrixXd& excluded,
                                                        const AcquisitionSearchOptions& options,
                                                        const CubeFeasibleTest& feasible) {
  // Tested only on the points that could be chosen, best first, and at most
  // kMaxFeasibilityTests times: a test may build a model.
  int tests = 0;
  const auto usable = [&](const Eigen::VectorXd& u) {
    if (is_duplicate(u, excluded)) return false;
    return !feasible || (tests++ < kMaxFeasibilityTests && feasible(u));
  };
  const Eigen::Index m = candidates.points.rows();
  Eigen::VectorXd values(m);
  for (Eigen::Index i = 0; i < m; ++i) {
    values[i] = acquisition_value(a, candidates.prediction.mean[i], candidates.prediction.std[i], y_best, params).value;
  }
  // Candidates in increasing acquisition, sorted lazily: the head first, the
  // rest only when the head is all duplicates (a nearly exhausted discrete space).
  std::vector<Eigen::Index> order(m);
  std::iota(order.begin(), order.end(), 0);
  auto by_value = [&](Eigen::Index i, Eigen::Index j) { return values[i] < values[j]; };
  Eigen::Index head = std::min<Eigen::Index>(m, 4 * options.n_refine + 16);
  std::partial_sort(order.begin(), order.begin() + head, order.end(), by_value);

  std::vector<Eigen::Index> starts;
  for (Eigen::Index k = 0; k < m && static_cast<int>(starts.size()) < std::max(options.n_refine, 1); ++k) {
    if (k == head) std::sort(order.begin() + head, order.end(), by_value);
    if (usable(candidates.points.row(order[k]).transpose())) starts.push_back(order[k]);
  }
  if (starts.empty()) return std::nullopt;

  AcquisitionProposal best{candidates.points.row(starts.front()).transpose(), values[starts.front()]};
  std::vector<bool> movable = layout.continuous_mask();
  if (options.n_refine <= 0 || std::none_of(movable.begin(), movable.end(), [](bool b) { return b; })) return best;

  LbfgsObjective objective = [&](const Eigen::VectorXd& x, Eigen::VectorXd& gradient) {
    return acquisition_at(gp, a, params, y_best, x, &gradient);
  };
  LbfgsOptions lbfgs{.max_iterations = options.refine_iterations, .gradient_tolerance = 1e-9};
  for (Eigen::Index start : starts) {
    Eigen::VectorXd x0 = candidates.points.row(start).transpose();
    Eigen::VectorXd lower = x0, upper = x0;  // discrete coordinates held where they are
    for (int j = 0; j < layout.n_coordinates(); ++j) {
      if (movable[j]) {
        lower[j] = 0.0;
        upper[j] = 1.0;
      }
    }
    LbfgsResult r = lbfgs_minimize(objective, x0, lower, upper, lbfgs);
    if (r.value < best.value && usable(r.x)) best = {r.x, r.value};
  }
  return best;
}

}  // namespace tunet::tuner
