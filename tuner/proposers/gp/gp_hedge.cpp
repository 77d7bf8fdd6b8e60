#include "tuner/proposers/gp/gp_hedge.hpp"

#include <algorithm>
#include <cmath>

namespace tunet::tuner {

void GpHedge::update_gains(const GaussianProcess& gp) {
  for (size_t i = 0; i < kMembers.size(); ++i) {
    if (!previous_[i]) continue;
    Eigen::MatrixXd x = previous_[i]->transpose();
    gains_[i] -= gp.predict(x).mean[0];
  }
}

std::array<double, 3> GpHedge::probabilities() const {
  double top = *std::max_element(gains_.begin(), gains_.end());
  std::array<double, 3> p{};
  double total = 0.0;
  for (size_t i = 0; i < p.size(); ++i) total += p[i] = std::exp(eta_ * (gains_[i] - top));
  for (double& v : p) v /= total;
  return p;
}

std::optional<int> GpHedge::choose(const std::array<std::optional<Eigen::VectorXd>, 3>& proposals, Rng& rng) {
  previous_ = proposals;
  std::array<double, 3> p = probabilities();
  double total = 0.0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (!proposals[i]) p[i] = 0.0;
    total += p[i];
  }
  if (total <= 0.0) return std::nullopt;
  // One multinomial draw over the members that proposed a point.
  double u = rng.uniform() * total;
  int last = -1;
  for (int i = 0; i < static_cast<int>(p.size()); ++i) {
    if (p[i] <= 0.0) continue;
    last = i;
    if (u < p[i]) return i;
    u -= p[i];
  }
  return last;
}

}  // namespace tunet::tuner
