#include "tuner/proposers/gp/parego.hpp"

#include <algorithm>
#include <limits>

#include "core/error.hpp"

namespace tunet::tuner {
namespace {

int divisions(int objectives) { return objectives == 2 ? 10 : objectives == 3 ? 4 : 3; }

// Every composition of `left` into the remaining components, in lexicographic order.
void compositions(int parts, int left, int s, std::vector<double>& prefix, std::vector<std::vector<double>>& out) {
  if (parts == 1) {
    prefix.push_back(static_cast<double>(left) / s);
    out.push_back(prefix);
    prefix.pop_back();
    return;
  }
  for (int l = 0; l <= left; ++l) {
    prefix.push_back(static_cast<double>(l) / s);
    compositions(parts - 1, left - l, s, prefix, out);
    prefix.pop_back();
  }
}

}  // namespace

std::vector<std::vector<double>> parego_weight_set(int objectives) {
  check(objectives >= 1, "parego_weight_set: at least one objective");
  std::vector<std::vector<double>> out;
  std::vector<double> prefix;
  compositions(objectives, divisions(objectives), divisions(objectives), prefix, out);
  return out;
}

std::vector<double> parego_weights(int objectives, Rng& rng) {
  const std::vector<std::vector<double>> set = parego_weight_set(objectives);
  return set[rng.below(set.size())];
}

std::vector<double> parego_scalarise(const std::vector<std::optional<ObjectivePoint>>& points,
                                     const std::vector<double>& weights, double rho) {
  const size_t m = weights.size();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> low(m, inf), high(m, -inf);
  for (const auto& p : points) {
    if (!p) continue;
    check(p->size() == m, "parego_scalarise: a point of " + std::to_string(p->size()) + " objectives, " +
                              std::to_string(m) + " weights");
    for (size_t j = 0; j < m; ++j) {
      low[j] = std::min(low[j], (*p)[j]);
      high[j] = std::max(high[j], (*p)[j]);
    }
  }
  std::vector<double> out;
  for (const auto& p : points) {
    if (!p) {
      out.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    double largest = -inf, sum = 0;
    for (size_t j = 0; j < m; ++j) {
      const double norm = high[j] > low[j] ? ((*p)[j] - low[j]) / (high[j] - low[j]) : 0.0;
      largest = std::max(largest, weights[j] * norm);
      sum += weights[j] * norm;
    }
    out.push_back(largest + rho * sum);
  }
  return out;
}

}  // namespace tunet::tuner
