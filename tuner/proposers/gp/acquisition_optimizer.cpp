#include "tuner/proposers/gp/acquisition_optimizer.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include "tuner/proposers/gp/lbfgs.hpp"

namespace tunet::tuner {
namespace {

constexpr int kMaxFeasibilityTests = 500;
constexpr int kMaxRounds = 10;         // local search: L-BFGS + discrete sweeps, at most
constexpr int kExhaustiveLevels = 16;  // integers with more values: geometric line search

// The other values of a discrete block at x, as rows: every category or
// value, or for a large integer the values at index +-1, +-2, +-4, ... from
// x's (a line search over the grid in both directions).
Eigen::MatrixXd block_alternatives(const CubeBlock& b, const Eigen::VectorXd& x) {
  std::vector<Eigen::VectorXd> rows;
  if (b.kind == CubeBlock::Kind::OneHot) {
    Eigen::Index current = 0;
    x.segment(b.offset, b.levels).maxCoeff(&current);
    for (int c = 0; c < b.levels; ++c) {
      if (c == current) continue;
      Eigen::VectorXd u = x;
      u.segment(b.offset, b.levels).setZero();
      u[b.offset + c] = 1.0;
      rows.push_back(u);
    }
  } else {
    const int64_t current = CubeLayout::unit_to_integer(x[b.offset], b);
    std::vector<int64_t> indices;
    if (b.levels <= kExhaustiveLevels) {
      for (int64_t i = 0; i < b.levels; ++i) indices.push_back(i);
    } else {
      for (int64_t step = 1; step < b.levels; step *= 2) {
        indices.push_back(current - step);
        indices.push_back(current + step);
      }
    }
    for (int64_t i : indices) {
      if (i == current || i < 0 || i >= b.levels) continue;
      Eigen::VectorXd u = x;
      u[b.offset] = CubeLayout::integer_to_unit(i, b);
      rows.push_back(u);
    }
  }
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), x.size());
  for (size_t i = 0; i < rows.size(); ++i) m.row(static_cast<Eigen::Index>(i)) = rows[i].transpose();
  return m;
}

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
  AcquisitionValue v = search_value(a, p.mean, p.std, y_best, params);
  if (gradient) *gradient = v.d_mean * p.mean_gradient + v.d_std * p.std_gradient;
  return v.value;
}

std::optional<AcquisitionProposal> minimize_acquisition(const GaussianProcess& gp, Acquisition a,
                                                        const AcquisitionParams& params, double y_best,
                                                        const CubeLayout& layout, const CandidateSet& candidates,
                                                        const Eigen::MatrixXd& excluded,
                                                        const AcquisitionSearchOptions& options,
                                                        const CubeFeasibleTest& feasible,
                                                        AcquisitionTrace* trace) {
  // Tested only on the points that could be chosen, best first, and at most
  // kMaxFeasibilityTests times: a test may build a model.
  int tests = 0;
  const auto usable = [&](const Eigen::VectorXd& u) {
    if (is_duplicate(u, excluded)) return false;
    return !feasible || (tests++ < kMaxFeasibilityTests && feasible(u));
  };
  const auto values_of = [&](const GpPrediction& p) {
    Eigen::VectorXd v(p.mean.size());
    for (Eigen::Index i = 0; i < v.size(); ++i) v[i] = search_value(a, p.mean[i], p.std[i], y_best, params).value;
    return v;
  };
  const Eigen::Index m = candidates.points.rows();
  Eigen::VectorXd values = values_of(candidates.prediction);
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
  if (options.n_refine <= 0) return best;

  std::vector<bool> movable = layout.continuous_mask();
  const bool continuous = std::any_of(movable.begin(), movable.end(), [](bool b) { return b; });
  LbfgsObjective objective = [&](const Eigen::VectorXd& x, Eigen::VectorXd& gradient) {
    return acquisition_at(gp, a, params, y_best, x, &gradient);
  };
  LbfgsOptions lbfgs{.max_iterations = options.refine_iterations, .gradient_tolerance = 1e-9};
  for (Eigen::Index start : starts) {
    AcquisitionProposal at{candidates.points.row(start).transpose(), values[start]};
    std::vector<Eigen::VectorXd> path{at.x};
    // Alternate until a sweep over the discrete blocks moves nothing:
    // L-BFGS on the continuous coordinates (discrete ones held), then each
    // discrete block set to its best alternative (one batched prediction).
    for (int round = 0; round < kMaxRounds; ++round) {
      if (continuous) {
        Eigen::VectorXd lower = at.x, upper = at.x;
        for (int j = 0; j < layout.n_coordinates(); ++j) {
          if (movable[j]) {
            lower[j] = 0.0;
            upper[j] = 1.0;
          }
        }
        LbfgsResult r = lbfgs_minimize(objective, at.x, lower, upper, lbfgs);
        if (r.value < at.value && usable(r.x)) {
          at = {r.x, r.value};
          path.push_back(at.x);
        }
      }
      bool moved = false;
      for (const CubeBlock& b : layout.blocks()) {
        if (b.kind == CubeBlock::Kind::Continuous) continue;
        Eigen::MatrixXd alternatives = block_alternatives(b, at.x);
        if (alternatives.rows() == 0) continue;
        Eigen::VectorXd v = values_of(gp.predict(alternatives));
        std::vector<Eigen::Index> better;
        for (Eigen::Index i = 0; i < v.size(); ++i)
          if (v[i] < at.value) better.push_back(i);
        std::sort(better.begin(), better.end(), [&](Eigen::Index i, Eigen::Index j) { return v[i] < v[j]; });
        for (Eigen::Index i : better) {
          if (!usable(alternatives.row(i).transpose())) continue;
          at = {alternatives.row(i).transpose(), v[i]};
          path.push_back(at.x);
          moved = true;
          break;
        }
      }
      if (!moved) break;
    }
    if (trace) trace->paths.push_back(std::move(path));
    if (at.value < best.value) best = at;
  }
  return best;
}

}  // namespace tunet::tuner
