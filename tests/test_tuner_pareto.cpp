// Pareto utilities (tuner/study/pareto.hpp) against hand-computed examples:
// dominance, NSGA-II's non-dominated sort, crowding distance and crowded
// order, and the exact hypervolume in one, two and three objectives.
#include <doctest/doctest.h>

#include <limits>
#include <vector>

#include "core/error.hpp"
#include "tuner/study/pareto.hpp"

using namespace tunet;
using namespace tunet::tuner;

namespace {
const double kInf = std::numeric_limits<double>::infinity();
using Fronts = std::vector<std::vector<std::size_t>>;
}  // namespace

TEST_CASE("dominates: no worse in every objective and better in one") {
  CHECK(dominates({1, 2}, {2, 2}));
  CHECK(dominates({1, 1}, {2, 2}));
  CHECK_FALSE(dominates({2, 2}, {2, 2}));  // equal points do not dominate each other
  CHECK_FALSE(dominates({1, 3}, {2, 2}));
  CHECK_FALSE(dominates({2, 2}, {1, 3}));
}

TEST_CASE("non_dominated_sort: fronts in order, equal points on the same front") {
  // (1,4), (2,2), (4,1) trade off; (3,3) is dominated by (2,2) only; (4,4) by
  // (3,3) too; (5,5) by everything.
  const std::vector<ObjectivePoint> points = {{1, 4}, {2, 2}, {3, 3}, {4, 1}, {4, 4}, {5, 5}};
  CHECK(non_dominated_sort(points) == Fronts{{0, 1, 3}, {2}, {4}, {5}});
  CHECK(pareto_ranks(points) == std::vector<int>{0, 0, 1, 0, 2, 3});
  CHECK(non_dominated_sort({{2, 2}, {3, 1}, {2, 2}}) == Fronts{{0, 1, 2}});
  CHECK(non_dominated_sort({}).empty());
  CHECK_THROWS_AS(non_dominated_sort({{1, 2}, {1}}), Error);
}

TEST_CASE("crowding_distance: extremes infinite, interior the normalised side sums") {
  const std::vector<ObjectivePoint> points = {{1, 4}, {2, 2}, {3, 3}, {4, 1}};
  // (2,2): f0 neighbours 1 and 4 over range 3, f1 neighbours 1 and 4 over range 3: 1 + 1.
  const std::vector<double> d = crowding_distance(points, {0, 1, 3});
  CHECK(d[0] == kInf);
  CHECK(d[1] == doctest::Approx(2.0));
  CHECK(d[2] == kInf);

  // (0,4), (1,2), (3,1), (4,0): ranges 4 and 4.
  // (1,2): (3-0)/4 + (4-1)/4 = 1.5; (3,1): (4-1)/4 + (2-0)/4 = 1.25.
  const std::vector<ObjectivePoint> four = {{0, 4}, {1, 2}, {3, 1}, {4, 0}};
  const std::vector<double> e = crowding_distance(four, {0, 1, 2, 3});
  CHECK(e[0] == kInf);
  CHECK(e[1] == doctest::Approx(1.5));
  CHECK(e[2] == doctest::Approx(1.25));
  CHECK(e[3] == kInf);

  // An objective with one value adds nothing; the other still counts.
  const std::vector<double> flat = crowding_distance({{0, 1}, {1, 1}, {3, 1}}, {0, 1, 2});
  CHECK(flat[1] == doctest::Approx(1.0));
  CHECK(crowding_distance({{1, 1}}, {0})[0] == kInf);
}

TEST_CASE("crowded_order: by front, then larger crowding distance, then index") {
  const std::vector<ObjectivePoint> points = {{5, 5}, {0, 4}, {1, 2}, {3, 1}, {4, 0}, {6, 6}};
  CHECK(crowded_order(points) == std::vector<std::size_t>{1, 4, 2, 3, 0, 5});
}

TEST_CASE("hypervolume: two objectives, the union of boxes up to the reference") {
  // Strips x in [1,2): 5-4 = 1; [2,4): 5-2 = 3 (x2); [4,5): 5-1 = 4. 1 + 6 + 4 = 11.
  CHECK(hypervolume({{1, 4}, {2, 2}, {4, 1}}, {5, 5}) == doctest::Approx(11.0));
  // A dominated point, a point on the reference and one beyond it add nothing.
  CHECK(hypervolume({{1, 4}, {2, 2}, {4, 1}, {3, 3}, {5, 1}, {6, 0}}, {5, 5}) == doctest::Approx(11.0));
  CHECK(hypervolume({{1, 1}}, {3, 4}) == doctest::Approx(6.0));
  CHECK(hypervolume({}, {3, 4}) == 0.0);
  CHECK_THROWS_AS(hypervolume({{1, 2, 3}}, {3, 4}), Error);
}

TEST_CASE("hypervolume: one and three objectives") {
  CHECK(hypervolume({{3}, {1}}, {5}) == doctest::Approx(4.0));
  CHECK(hypervolume({{1, 1, 1}}, {2, 2, 2}) == doctest::Approx(1.0));
  // Boxes 2*2*1 = 4 and 1*1*2 = 2 overlapping in [1,2]^3 = 1: 5.
  CHECK(hypervolume({{0, 0, 1}, {1, 1, 0}}, {2, 2, 2}) == doctest::Approx(5.0));
  // Three boxes of 4, pairwise overlaps of 2, a common cube of 1: 12 - 6 + 1 = 7.
  CHECK(hypervolume({{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, {2, 2, 2}) == doctest::Approx(7.0));
  // A 2-D front lifted to z = 0 with reference z = 1 keeps its area.
  CHECK(hypervolume({{1, 4, 0}, {2, 2, 0}, {4, 1, 0}}, {5, 5, 1}) == doctest::Approx(11.0));
}
