#pragma once
// GridSearch: every combination of values, in a stable product order (the
// first dimension varies slowest, as itertools.product and scikit-learn's
// ParameterGrid with sorted keys). Categorical and Fixed dimensions give their
// values; a numeric dimension gives its explicit values when listed in
// `values`, otherwise `points` evenly spaced points over [low, high] (in log
// space for log priors; integers rounded, duplicates dropped). Inactive
// conditional parameters are removed and the resulting duplicates skipped.
//
//   GridSearch grid({.points = 3, .values = {{"learning_rate", {1e-3, 1e-2, 1e-1}}}});
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tuner/proposers/proposer.hpp"

namespace tunet::tuner {

struct GridOptions {
  int points = 5;                                   // per numeric dimension without explicit values
  std::map<std::string, std::vector<Value>> values{};  // explicit values, must lie in the dimension's range
};

class GridSearch : public Proposer {
 public:
  explicit GridSearch(GridOptions options = {});
  std::string name() const override { return "grid"; }
  Json settings() const override;
  void start(const Space& space, Rng rng, Direction direction) override;
  std::optional<Params> ask() override;
  void tell(const Trial& trial) override;
  std::optional<size_t> remaining() const override;

  // The values the grid uses for one dimension.
  std::vector<Value> grid_values(const Dimension& dim) const;

 private:
  GridOptions options_;
  std::vector<Params> grid_;
  size_t next_ = 0;
};

}  // namespace tunet::tuner
