#pragma once
// Objectives of a multi-objective search: names and directions, read from
//
//   "search": {"objectives": [{"name": "val_accuracy"}, {"name": "flash_bytes"}]}
//
// each with an optional "direction" ("minimize" / "maximize"). Without one
// the name decides, as Keras's "auto" mode does: a name ending in "accuracy"
// is maximised, one ending in "loss" or "bytes" minimised; any other name
// needs its direction. A name is a metric of the trained model (the first one
// that is not an attribute scores training) or an attribute known before
// training (Objective::attribute_names: flash_bytes, ram_bytes).
//
// The result of such a search is the Pareto front of the completed trials
// (pareto.hpp): ObjectiveList::point turns a trial into the vector to minimise.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tuner/config/json.hpp"
#include "tuner/study/pareto.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

struct ObjectiveSpec {
  std::string name;
  Direction direction = Direction::Minimize;
};

// The direction a name implies: *accuracy maximise, *loss and *bytes minimise; nullopt otherwise.
std::optional<Direction> default_direction(const std::string& name);

class ObjectiveList {
 public:
  ObjectiveList() = default;
  // `metric`: the objective that scores a trial (Trial::value), when one of them.
  explicit ObjectiveList(std::vector<ObjectiveSpec> specs, std::string metric = "")
      : specs_(std::move(specs)), metric_(std::move(metric)) {}

  // `json` at `path` ("search.objectives"): a non-empty array of {"name", "direction"};
  // `known` says whether a name can be measured, `known_text` lists them for the
  // error. Errors name the element: "search.objectives[1]: 'val_accuracy' is repeated".
  static ObjectiveList from_json(const Json& json, const std::string& path,
                                 const std::function<bool(const std::string&)>& known, const std::string& known_text);
  Json to_json() const;  // [{"name": ..., "direction": ...}, ...]

  const std::vector<ObjectiveSpec>& specs() const { return specs_; }
  const std::string& metric() const { return metric_; }
  void set_metric(std::string metric) { metric_ = std::move(metric); }
  size_t size() const { return specs_.size(); }
  bool several() const { return specs_.size() > 1; }

  // The value of objective `k` for `trial`: its attribute of that name, its
  // value when the name is metric() (the objective that scored it), else the
  // metric at its value epoch; nullopt when missing or not finite.
  std::optional<double> value(const Trial& trial, size_t k) const;
  // Every objective as a value to minimise (maximised ones negated); nullopt
  // for a trial that did not complete or lacks a value.
  std::optional<ObjectivePoint> point(const Trial& trial) const;
  // Whether each trial is on the Pareto front of the completed ones.
  std::vector<bool> on_front(const std::vector<const Trial*>& trials) const;

 private:
  std::vector<ObjectiveSpec> specs_;
  std::string metric_;
};

// The objectives recorded in a journaled objective description (MultiObjective::describe);
// empty when there are none. `metric` scores the trials.
ObjectiveList recorded_objectives(const Json& description, const std::string& metric);

}  // namespace tunet::tuner
