#pragma once
// The "callbacks" of a config: each trial (and fold) gets a fresh set, built
// by the factory this returns (ModelObjectiveOptions::callbacks). Keras's
// names and defaults:
//
//   "callbacks": [
//     {"type": "early_stopping", "monitor": "val_loss", "patience": 3, "restore_best_weights": true},
//     {"type": "reduce_lr_on_plateau", "monitor": "val_loss", "factor": 0.1, "patience": 10, "min_lr": 0},
//     {"type": "terminate_on_nan"}]
//
// | type                 | fields (default)                                                        |
// | early_stopping       | monitor ("val_loss"), min_delta (0), patience (0), mode ("auto"),       |
// |                      | restore_best_weights (false)                                            |
// | reduce_lr_on_plateau | monitor ("val_loss"), factor (0.1), patience (10), mode ("auto"),       |
// |                      | min_delta (0.0001), cooldown (0), min_lr (0)                            |
// | terminate_on_nan     | (none)                                                                  |
// The rules are nn/callbacks.hpp's. Errors name the field by its JSON path
// ("callbacks[1].factor: ...").
#include "tuner/config/json.hpp"
#include "tuner/integration/model_objective.hpp"

namespace tunet::tuner {

// Checks every entry (building each callback once) and returns the factory;
// an empty list gives a factory of no callbacks.
CallbackFactory parse_callbacks(const Json& callbacks, const std::string& path = "callbacks");

}  // namespace tunet::tuner
