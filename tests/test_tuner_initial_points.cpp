// The GP search's initial designs (skopt's initial_point_generator): Sobol'
// and Halton first points against their known values, a Latin hypercube's one
// point per stratum, the mapping through a mixed space, and the design used
// for the first n_initial_points calls of gp_minimize.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "core/error.hpp"
#include "tuner/proposers/gp/gp_ask_tell.hpp"
#include "tuner/proposers/gp/initial_points.hpp"
#include "tuner/proposers/gp/space_transform.hpp"
#include "tuner/skopt/gp_minimize.hpp"

using namespace tunet::tuner;
using tunet::Rng;

TEST_CASE("Sobol': the first points of dimensions 1-3 are the known ones (Joe & Kuo)") {
  Eigen::MatrixXd s = sobol_sequence(8, 3);
  // Indices 1..8 in Gray-code order (the origin, index 0, is skipped).
  const double d1[] = {0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875};
  const double d2[] = {0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625, 0.3125};
  const double d3[] = {0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375, 0.9375};
  for (int i = 0; i < 8; ++i) {
    CAPTURE(i);
    CHECK(s(i, 0) == d1[i]);
    CHECK(s(i, 1) == d2[i]);
    CHECK(s(i, 2) == d3[i]);
  }
  // skip continues the same sequence.
  Eigen::MatrixXd later = sobol_sequence(3, 3, 5);
  CHECK(later.row(0) == s.row(5));
  CHECK(later.row(2) == s.row(7));
  // The first 2^k points (with the origin) are a (0, k, 1)-net in each dimension:
  // one point in each of the 2^k equal intervals.
  Eigen::MatrixXd many = sobol_sequence(31, 32);
  for (int j = 0; j < 32; ++j) {
    std::set<int> cells{0};  // the origin's
    for (int i = 0; i < 31; ++i) cells.insert(static_cast<int>(many(i, j) * 32));
    CHECK(cells.size() == 32);
  }
  CHECK_THROWS_WITH_AS(sobol_sequence(4, 33), doctest::Contains("up to 32 searched dimensions, the space has 33"),
                       tunet::Error);
}

TEST_CASE("Halton: radical inverses in bases 2, 3, 5") {
  Eigen::MatrixXd h = halton_sequence(4, 3);
  const double base2[] = {0.5, 0.25, 0.75, 0.125};
  const double base3[] = {1.0 / 3, 2.0 / 3, 1.0 / 9, 4.0 / 9};
  const double base5[] = {0.2, 0.4, 0.6, 0.8};
  for (int i = 0; i < 4; ++i) {
    CHECK(h(i, 0) == doctest::Approx(base2[i]).epsilon(1e-15));
    CHECK(h(i, 1) == doctest::Approx(base3[i]).epsilon(1e-15));
    CHECK(h(i, 2) == doctest::Approx(base5[i]).epsilon(1e-15));
  }
  CHECK(halton_sequence(1, 6)(0, 5) == doctest::Approx(1.0 / 13));  // the sixth prime
}

TEST_CASE("Latin hypercube: exactly one point per stratum in every dimension") {
  Rng rng(5);
  for (int n : {1, 7, 10, 50}) {
    Eigen::MatrixXd lhs = latin_hypercube(n, 4, rng);
    for (int j = 0; j < 4; ++j) {
      std::set<int> strata;
      for (int i = 0; i < n; ++i) strata.insert(static_cast<int>(std::floor(lhs(i, j) * n)));
      CHECK(strata.size() == static_cast<size_t>(n));
    }
  }
}

TEST_CASE("initial_point_generator: names, and an unknown one refused with the choices") {
  for (const char* name : {"random", "lhs", "sobol", "halton"})
    CHECK(std::string(initial_point_generator_name(parse_initial_point_generator(name))) == name);
  CHECK_THROWS_WITH_AS(parse_initial_point_generator("sobel"),
                       doctest::Contains("\"random\", \"lhs\", \"sobol\" or \"halton\""), tunet::Error);
}

TEST_CASE("The initial design goes through the space: log reals, integers and categories as skopt maps them") {
  Space space{Real("lr", 1e-4, 1e-0, Prior::LogUniform), Integer("layers", 1, 4), Categorical("act", {"relu", "tanh"})};
  SpaceTransform transform(space);
  GpAskTell opt(transform.layout(), {.n_initial_points = 4, .initial_design = InitialPointGenerator::Halton}, Rng(1));
  // Halton points 1..4: (1/2, 1/3, 1/5), (1/4, 2/3, 2/5), (3/4, 1/9, 3/5), (1/8, 4/9, 4/5).
  const double lr[] = {1e-2, 1e-3, 1e-1, std::pow(10.0, -3.5)};
  const int64_t layers[] = {2, 3, 1, 2};  // floor(u * 4) + 1
  const char* act[] = {"relu", "relu", "tanh", "tanh"};  // floor(u * 2)
  for (int i = 0; i < 4; ++i) {
    CAPTURE(i);
    Params p = transform.from_cube(*opt.ask());
    CHECK(p.real("lr") == doctest::Approx(lr[i]).epsilon(1e-9));
    CHECK(p.integer("layers") == layers[i]);
    CHECK(p.str("act") == act[i]);
  }
}

TEST_CASE("gp_minimize: the first n_initial_points calls are the chosen design's") {
  Space space{Real("x", 0, 1), Real("y", 0, 1)};
  auto f = [](const Params& hp) { return std::pow(hp.real("x") - 0.3, 2) + std::pow(hp.real("y") - 0.6, 2); };
  GpResult sobol = gp_minimize(f, space,
                               {.n_calls = 7, .n_initial_points = 4, .initial_point_generator = "sobol", .n_candidates = 500});
  Eigen::MatrixXd expected = sobol_sequence(4, 2);
  for (int i = 0; i < 4; ++i) {
    CHECK(sobol.x_iters[static_cast<size_t>(i)].real("x") == doctest::Approx(expected(i, 0)));
    CHECK(sobol.x_iters[static_cast<size_t>(i)].real("y") == doctest::Approx(expected(i, 1)));
  }
  GpResult lhs = gp_minimize(f, space, {.n_calls = 6, .n_initial_points = 5, .initial_point_generator = "lhs",
                                        .n_candidates = 500, .seed = 3});
  for (const char* dim : {"x", "y"}) {
    std::set<int> strata;
    for (int i = 0; i < 5; ++i) strata.insert(static_cast<int>(lhs.x_iters[static_cast<size_t>(i)].real(dim) * 5));
    CHECK(strata.size() == 5);
  }
}
