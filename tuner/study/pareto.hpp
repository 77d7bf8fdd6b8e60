#pragma once
// Pareto utilities for multi-objective searches, on points whose every
// coordinate is to be minimised (a maximised objective enters as -value):
//
//   std::vector<std::vector<double>> p = {{1, 4}, {2, 2}, {3, 3}, {4, 1}};
//   non_dominated_sort(p)        // {{0, 1, 3}, {2}}: front 0 is the Pareto front
//   crowding_distance(p, {0, 1, 3})  // {inf, 2, inf}
//   hypervolume({{1, 4}, {2, 2}, {4, 1}}, {5, 5})  // 11
//
// Non-dominated sorting and crowding distance are NSGA-II's (K. Deb, A. Pratap,
// S. Agarwal, T. Meyarivan, "A fast and elitist multiobjective genetic
// algorithm: NSGA-II", IEEE Trans. Evol. Comput. 6(2), 2002, sections III-A
// and III-B). Points must be finite (callers leave failed trials out).
#include <cstddef>
#include <vector>

namespace tunet::tuner {

using ObjectivePoint = std::vector<double>;

// a dominates b: a_m <= b_m for every m and a_m < b_m for at least one.
bool dominates(const ObjectivePoint& a, const ObjectivePoint& b);

// Fast non-dominated sort: the points' indices by front, front 0 the
// non-dominated ones, front k those dominated only by fronts < k; each front
// in increasing index order. O(M N^2) for N points of M objectives.
std::vector<std::vector<std::size_t>> non_dominated_sort(const std::vector<ObjectivePoint>& points);

// Each point's front (0 = on the Pareto front).
std::vector<int> pareto_ranks(const std::vector<ObjectivePoint>& points);

// Crowding distance of the members of one front, in the order of `front`:
//   d_i = sum_m (f_m[next_i] - f_m[prev_i]) / (f_m^max - f_m^min)
// with the front sorted by f_m; the two extremes of each objective get
// +infinity; an objective whose values are all equal adds nothing.
std::vector<double> crowding_distance(const std::vector<ObjectivePoint>& points,
                                      const std::vector<std::size_t>& front);

// NSGA-II's crowded-comparison order of all points: by front, then by larger
// crowding distance within the front, then by smaller index.
std::vector<std::size_t> crowded_order(const std::vector<ObjectivePoint>& points);

// The volume dominated by `points` and bounded by `reference` (the Lebesgue
// measure of the union of the boxes [p, reference]), exact. A point not
// strictly below the reference in every coordinate adds nothing. Two
// objectives: a sweep in O(N log N); more: slicing along the last objective
// (hypervolume by slicing objectives, While et al., IEEE TEC 10(1), 2006),
// exact, exponential in M: meant for small fronts.
double hypervolume(const std::vector<ObjectivePoint>& points, const ObjectivePoint& reference);

}  // namespace tunet::tuner
