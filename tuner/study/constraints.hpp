#pragma once
// Constraints: bounds on the quantities an objective knows of a configuration
// before training (Objective::trial_attributes, e.g. a model's deployed size):
//
//   "search": {"constraints": {"flash_bytes": {"max": 65536},
//                              "ram_bytes": {"min": 1024, "max": 16384}}}
//
//   Constraints c = Constraints::from_json(config, "search.constraints");
//   c.check_known(objective.attribute_names(), "search.constraints");
//   c.violation({{"flash_bytes", 70144}})  // "flash_bytes 70144 > max 65536"
//
// A configuration outside a bound is infeasible: the Study records it with
// the reason and never trains it, and proposers steer away from such
// configurations (proposer.hpp). Bounds are inclusive.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tuner/config/json.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

struct Bound {
  std::optional<double> min;
  std::optional<double> max;
};

class Constraints {
 public:
  Constraints() = default;
  // {"<quantity>": {"min": x, "max": y}, ...}; errors name the field by its
  // path ("search.constraints.flash_bytes.max: expected a number, got ...").
  static Constraints from_json(const Json& json, const std::string& path);
  Json to_json() const;

  void add(std::string quantity, Bound bound);
  bool empty() const { return bounds_.empty(); }
  const std::vector<std::pair<std::string, Bound>>& bounds() const { return bounds_; }

  // Error for a bound on a quantity not in `known`: "<path>.<name>: unknown
  // quantity; known: flash_bytes, ram_bytes".
  void check_known(const std::vector<std::string>& known, const std::string& path) const;
  // "" when `attributes` satisfy every bound, else the first bound broken
  // ("flash_bytes 70144 > max 65536"); a bounded quantity that is missing breaks it.
  std::string violation(const Attributes& attributes) const;

 private:
  std::vector<std::pair<std::string, Bound>> bounds_;
};

}  // namespace tunet::tuner
