#include "tuner/study/pareto.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include "core/error.hpp"

namespace tunet::tuner {
namespace {

void check_same_size(const std::vector<ObjectivePoint>& points, std::size_t m, const char* what) {
  for (const ObjectivePoint& p : points)
    if (p.size() != m)
      throw Error(std::string(what) + ": points of " + std::to_string(p.size()) + " and " +
                  std::to_string(m) + " objectives");
}

// Two objectives: sort by f_0 and sweep, each point adding the strip between
// it and the next larger f_0 below the lowest f_1 seen so far.
double hypervolume_2d(std::vector<ObjectivePoint> points, const ObjectivePoint& reference) {
  std::sort(points.begin(), points.end());
  double volume = 0;
  double lowest = reference[1];
  for (std::size_t i = 0; i < points.size(); ++i) {
    lowest = std::min(lowest, points[i][1]);
    const double right = i + 1 < points.size() ? points[i + 1][0] : reference[0];
    volume += (right - points[i][0]) * (reference[1] - lowest);
  }
  return volume;
}

// Slicing along the last objective: with the points sorted by it, the slab
// between the k-th and the (k+1)-th value is dominated by exactly the first k
// points' projections, so volume = sum_k (f_{k+1} - f_k) * HV_{M-1}(first k).
double hypervolume_slices(std::vector<ObjectivePoint> points, const ObjectivePoint& reference) {
  const std::size_t m = reference.size();
  if (m == 1) {
    double lowest = reference[0];
    for (const ObjectivePoint& p : points) lowest = std::min(lowest, p[0]);
    return reference[0] - lowest;
  }
  if (m == 2) return hypervolume_2d(std::move(points), reference);
  std::sort(points.begin(), points.end(),
            [m](const ObjectivePoint& a, const ObjectivePoint& b) { return a[m - 1] < b[m - 1]; });
  const ObjectivePoint lower_reference(reference.begin(), reference.end() - 1);
  std::vector<ObjectivePoint> projected;
  double volume = 0;
  for (std::size_t k = 0; k < points.size(); ++k) {
    projected.emplace_back(points[k].begin(), points[k].end() - 1);
    const double top = k + 1 < points.size() ? points[k + 1][m - 1] : reference[m - 1];
    if (top > points[k][m - 1]) volume += (top - points[k][m - 1]) * hypervolume_slices(projected, lower_reference);
  }
  return volume;
}

}  // namespace

bool dominates(const ObjectivePoint& a, const ObjectivePoint& b) {
  bool strictly = false;
  for (std::size_t m = 0; m < a.size(); ++m) {
    if (a[m] > b[m]) return false;
    if (a[m] < b[m]) strictly = true;
  }
  return strictly;
}

// Deb et al. 2002, fig. 1: S_p (the points p dominates) and n_p (how many
// dominate p); front 0 is every p with n_p = 0, and removing a front lowers
// the n_q of what it dominates.
std::vector<std::vector<std::size_t>> non_dominated_sort(const std::vector<ObjectivePoint>& points) {
  const std::size_t n = points.size();
  if (n == 0) return {};
  check_same_size(points, points[0].size(), "non_dominated_sort");
  std::vector<std::vector<std::size_t>> dominated(n);
  std::vector<std::size_t> dominators(n, 0);
  std::vector<std::vector<std::size_t>> fronts(1);
  for (std::size_t p = 0; p < n; ++p) {
    for (std::size_t q = 0; q < n; ++q) {
      if (dominates(points[p], points[q])) dominated[p].push_back(q);
      else if (dominates(points[q], points[p])) ++dominators[p];
    }
    if (dominators[p] == 0) fronts[0].push_back(p);
  }
  while (true) {
    std::vector<std::size_t> next;
    for (std::size_t p : fronts.back())
      for (std::size_t q : dominated[p])
        if (--dominators[q] == 0) next.push_back(q);
    if (next.empty()) break;
    std::sort(next.begin(), next.end());
    fronts.push_back(std::move(next));
  }
  return fronts;
}

std::vector<int> pareto_ranks(const std::vector<ObjectivePoint>& points) {
  std::vector<int> rank(points.size(), 0);
  const auto fronts = non_dominated_sort(points);
  for (std::size_t f = 0; f < fronts.size(); ++f)
    for (std::size_t i : fronts[f]) rank[i] = static_cast<int>(f);
  return rank;
}

std::vector<double> crowding_distance(const std::vector<ObjectivePoint>& points,
                                      const std::vector<std::size_t>& front) {
  const std::size_t size = front.size();
  std::vector<double> distance(size, 0);
  if (size == 0) return distance;
  const double inf = std::numeric_limits<double>::infinity();
  const std::size_t objectives = points[front[0]].size();
  std::vector<std::size_t> order(size);
  for (std::size_t m = 0; m < objectives; ++m) {
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return points[front[a]][m] < points[front[b]][m];
    });
    const double low = points[front[order.front()]][m];
    const double high = points[front[order.back()]][m];
    distance[order.front()] = inf;
    distance[order.back()] = inf;
    if (high == low) continue;
    for (std::size_t k = 1; k + 1 < size; ++k)
      distance[order[k]] += (points[front[order[k + 1]]][m] - points[front[order[k - 1]]][m]) / (high - low);
  }
  return distance;
}

std::vector<std::size_t> crowded_order(const std::vector<ObjectivePoint>& points) {
  std::vector<std::size_t> order;
  for (const std::vector<std::size_t>& front : non_dominated_sort(points)) {
    const std::vector<double> distance = crowding_distance(points, front);
    std::vector<std::size_t> by_distance(front.size());
    std::iota(by_distance.begin(), by_distance.end(), std::size_t{0});
    std::stable_sort(by_distance.begin(), by_distance.end(),
                     [&](std::size_t a, std::size_t b) { return distance[a] > distance[b]; });
    for (std::size_t k : by_distance) order.push_back(front[k]);
  }
  return order;
}

double hypervolume(const std::vector<ObjectivePoint>& points, const ObjectivePoint& reference) {
  if (reference.empty()) throw Error("hypervolume: empty reference point");
  check_same_size(points, reference.size(), "hypervolume");
  std::vector<ObjectivePoint> inside;
  for (const ObjectivePoint& p : points) {
    bool below = true;
    for (std::size_t m = 0; m < p.size(); ++m) below = below && p[m] < reference[m];
    if (below) inside.push_back(p);
  }
  if (inside.empty()) return 0;
  return hypervolume_slices(std::move(inside), reference);
}

}  // namespace tunet::tuner
