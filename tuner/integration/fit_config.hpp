#pragma once
// The parts of a config that say how each trial trains and how it is scored,
// besides the model: the "fit" section, search.objective, and the check that
// every dimension of the space is used.
//
//   "fit": {"batch_size": 128 | "$batch_size", "epochs": 10 | "$epochs",
//           "steps_per_epoch": 100, "validation_steps": 20}
//   "search": {..., "objective": "val_loss" | {"name": "val_loss", "mode": "best" | "last"}}
//
// - batch_size may name an integer hyperparameter (arrays only: generators
//   fix their batch size once).
// - epochs: every trial's epochs for random, grid and GP search (the same as
//   search.epochs, which it fills in). "$epochs" trains each trial for its
//   configuration's epoch count: the search budget is the dimension's largest
//   value, and a trial ends after its own count (recorded as stopped then).
//   Under Hyperband, R and eta set the epochs: fit.epochs is an error.
// - objective mode "best" (default) scores a trial by its best epoch, "last"
//   by its last (tuner/study/objective.hpp).
// - A dimension that nothing uses (model, compile, fit, or another
//   dimension's condition) would be sampled, modelled and ignored: an error
//   naming it, before any training.
#include <cstdint>
#include <string>
#include <vector>

#include "tuner/config/json.hpp"
#include "tuner/space/params.hpp"
#include "tuner/space/space.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

struct FitSettings {
  int64_t batch_size = 128;
  std::string batch_size_reference;  // the hyperparameter, when "$name"
  int epochs = 0;                    // 0: not given (search.epochs or Hyperband decide)
  std::string epochs_reference;      // the hyperparameter, when "$name"
  int64_t steps_per_epoch = 0;       // 0: whole passes over the arrays
  int64_t validation_steps = 0;

  int64_t batch_size_of(const Params& hp) const;
  // The epochs of configuration `hp` (epochs_reference), else `epochs`.
  int epochs_of(const Params& hp) const;
  // The hyperparameters it names.
  std::vector<std::string> references() const;
};
FitSettings parse_fit(const Json& fit, const Space& space);

// search with "epochs" filled in from fit.epochs (Error when they disagree,
// or when the algorithm is Hyperband).
Json search_with_fit_epochs(const Json& search, const FitSettings& fit);

struct ObjectiveSettings {
  std::string name = "val_loss";
  ObjectiveMode mode = ObjectiveMode::Best;
};
ObjectiveSettings parse_objective(const Json& search);

// Error naming the first dimension of `space` that neither `references` nor
// another dimension's condition names.
void check_every_dimension_used(const Space& space, const std::vector<std::string>& references);

}  // namespace tunet::tuner
