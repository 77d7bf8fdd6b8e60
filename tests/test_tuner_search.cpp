// Proposers: grid search enumerates the full product in a stable order; random
// search is reproducible from its seed, never repeats itself and ends cleanly
// on an exhausted space.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "core/error.hpp"
#include "tuner/proposers/grid_search.hpp"
#include "tuner/proposers/random_search.hpp"

using namespace tunet;
using namespace tunet::tuner;

namespace {

std::vector<Params> drain(Proposer& p, size_t limit = 100000) {
  std::vector<Params> out;
  while (out.size() < limit)
    if (auto hp = p.ask()) out.push_back(*hp);
    else break;
  return out;
}

}  // namespace

TEST_CASE("Grid: the full product, first dimension slowest") {
  Space space{Categorical("a", {std::int64_t{1}, std::int64_t{2}}), Categorical("b", {"x", "y", "z"}),
              Fixed("c", true)};
  GridSearch grid;
  grid.start(space, Rng(0), Direction::Minimize);
  CHECK(grid.remaining() == 6);
  auto all = drain(grid);
  REQUIRE(all.size() == 6);
  std::vector<std::string> got;
  for (const Params& p : all) got.push_back(std::to_string(p.integer("a")) + p.str("b"));
  CHECK(got == std::vector<std::string>{"1x", "1y", "1z", "2x", "2y", "2z"});
  CHECK(all[0].boolean("c"));
  CHECK_FALSE(grid.ask().has_value());  // exhausted: stays exhausted
  CHECK_FALSE(grid.ask().has_value());
}

TEST_CASE("Grid: points per numeric dimension, log spacing for log priors, explicit values") {
  Space space{Real("lr", 1e-3, 1e-1, Prior::LogUniform), Real("dropout", 0.0, 0.5), Integer("units", 16, 64)};
  GridSearch grid({.points = 3});
  auto lr = grid.grid_values(space["lr"]);
  REQUIRE(lr.size() == 3);
  CHECK(std::get<double>(lr[0]) == doctest::Approx(1e-3));
  CHECK(std::get<double>(lr[1]) == doctest::Approx(1e-2));  // geometric midpoint
  CHECK(std::get<double>(lr[2]) == doctest::Approx(1e-1));
  auto dropout = grid.grid_values(space["dropout"]);
  CHECK(std::get<double>(dropout[1]) == doctest::Approx(0.25));
  auto units = grid.grid_values(space["units"]);
  CHECK(units == std::vector<Value>{std::int64_t{16}, std::int64_t{40}, std::int64_t{64}});
  grid.start(space, Rng(0), Direction::Minimize);
  CHECK(drain(grid).size() == 27);

  // the optimizer grid's (examples/optimizer_grid.json): explicit values for the optimizer's hyperparameters
  Space adam{Real("learning_rate", 1e-4, 1.0, Prior::LogUniform), Real("beta_1", 0.0, 0.99),
             Real("beta_2", 0.0, 0.9999)};
  GridSearch explicit_grid({.values = {{"learning_rate", {0.001, 0.01, 0.1}},
                                       {"beta_1", {0.5, 0.7, 0.9}},
                                       {"beta_2", {0.8, 0.9, 0.999}}}});
  explicit_grid.start(adam, Rng(0), Direction::Minimize);
  auto configs = drain(explicit_grid);
  REQUIRE(configs.size() == 27);
  CHECK(configs[0] == Params{{"learning_rate", 0.001}, {"beta_1", 0.5}, {"beta_2", 0.8}});
  CHECK(configs[1] == Params{{"learning_rate", 0.001}, {"beta_1", 0.5}, {"beta_2", 0.9}});
  CHECK(configs[26] == Params{{"learning_rate", 0.1}, {"beta_1", 0.9}, {"beta_2", 0.999}});

  GridSearch out_of_range({.values = {{"beta_1", {0.5, 1.5}}}});
  CHECK_THROWS_WITH_AS(out_of_range.start(adam, Rng(0), Direction::Minimize),
                       doctest::Contains("grid: hyperparameter 'beta_1' = 1.5 is out of its range"), Error);
  GridSearch unknown({.values = {{"momentum", {0.9}}}});
  CHECK_THROWS_WITH_AS(unknown.start(adam, Rng(0), Direction::Minimize),
                       doctest::Contains("unknown hyperparameter 'momentum'"), Error);
}

TEST_CASE("Grid: inactive conditional parameters collapse to one configuration") {
  Space space{Categorical("optimizer", {"adam", "sgd"}),
              Categorical("momentum", {0.0, 0.9}).active_if("optimizer", {std::string("sgd")})};
  GridSearch grid;
  grid.start(space, Rng(0), Direction::Minimize);
  auto all = drain(grid);
  REQUIRE(all.size() == 3);  // adam; sgd x 2 momenta
  CHECK_FALSE(all[0].has("momentum"));
}

TEST_CASE("Random search: same seed, same configurations; another seed, others") {
  Space space{Real("lr", 1e-4, 1e-1, Prior::LogUniform), Integer("layers", 1, 4),
              Categorical("activation", {"relu", "tanh", "elu"})};
  auto run = [&](uint64_t seed) {
    RandomSearch random({.n_trials = 20});
    random.start(space, Rng(seed), Direction::Minimize);
    return drain(random);
  };
  auto a = run(42), b = run(42), c = run(43);
  REQUIRE(a.size() == 20);
  CHECK(a == b);
  CHECK(a != c);
  for (const Params& p : a) CHECK(space.canonical(p) == p);
}

TEST_CASE("Random search: no duplicates, and an exhausted space ends the search cleanly") {
  Space space{Categorical("a", {"x", "y", "z"}), Categorical("b", {true, false})};
  RandomSearch random({.n_trials = 10});
  random.start(space, Rng(1), Direction::Minimize);
  auto all = drain(random);
  CHECK(all.size() == 6);
  std::set<std::string> keys;
  for (const Params& p : all) keys.insert(p.key());
  CHECK(keys.size() == 6);
  CHECK_FALSE(random.ask().has_value());

  // Told configurations (a resumed search) are not proposed again either.
  RandomSearch told({.n_trials = 0});
  told.start(space, Rng(2), Direction::Minimize);
  Trial t;
  t.params = Params{{"a", std::string("x")}, {"b", true}};
  told.tell(t);
  for (const Params& p : drain(told)) CHECK(p.key() != t.params.key());
}
