#pragma once
// search.objectives of a config (tuner/study/objectives.hpp): each name is a
// metric the model reports (val_*, loss, accuracy) or a deployed-size quantity
// (deployed_size_attributes(): flash_bytes, ram_bytes).
//
//   "search": {"objectives": [{"name": "val_accuracy"}, {"name": "flash_bytes"}]}
//
// The first metric among them scores training (search.objective, which may
// then be left out; given, it must be that metric).
#include "tuner/config/json.hpp"
#include "tuner/study/objectives.hpp"

namespace tunet::tuner {

// Empty when `search` has no "objectives"; errors name search.objectives[i].
ObjectiveList parse_objectives(const Json& search);
// The metric among `objectives` that scores training: the first that is not a deployed-size quantity.
std::string scoring_metric(const ObjectiveList& objectives);
// Whether `objectives` names a deployed-size quantity (the trials then need their deployed size).
bool needs_deployed_size(const ObjectiveList& objectives);

}  // namespace tunet::tuner
