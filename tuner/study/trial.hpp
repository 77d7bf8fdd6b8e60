#pragma once
// Trial: one evaluation of one configuration for one budget. Budget, bracket,
// rung and the trial it continues are typed fields here, never keys mixed
// into the hyperparameters; status is an explicit enum.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tuner/config/json.hpp"
#include "tuner/space/params.hpp"

namespace tunet::tuner {

// Infeasible: its configuration breaks the search's constraints
// (constraints.hpp); it was recorded, never trained.
enum class TrialStatus { Running, Completed, Failed, Pruned, Infeasible };
const char* status_name(TrialStatus status);          // "running", "completed", "failed", "pruned", "infeasible"
TrialStatus status_from_name(const std::string& name);  // throws Error for an unknown name

// Which way the objective value is better.
enum class Direction { Minimize, Maximize };
const char* direction_name(Direction direction);  // "minimize", "maximize"
Direction direction_from_name(const std::string& name);

// Which epoch of a trained trial scores it: the best one (Keras Tuner's and
// Hobbit's rule, the default) or the last one.
enum class ObjectiveMode { Best, Last };
const char* mode_name(ObjectiveMode mode);  // "best", "last"
ObjectiveMode mode_from_name(const std::string& name);

using Metrics = std::vector<std::pair<std::string, double>>;

// Quantities of a configuration known before training, in closed form
// (Objective::trial_attributes: a model's deployed size), in the objective's order.
using Attributes = std::vector<std::pair<std::string, double>>;

// The metrics of one finished epoch (or step), in the order reported.
struct EpochRecord {
  int epoch = 0;  // 1-based: the number of epochs trained after this one
  Metrics metrics;  // under cross-validation: the means over the folds
  double wall_s = 0;
  std::vector<Metrics> fold_metrics;  // cross-validation: each fold's own (empty without folds)
  std::optional<double> metric(const std::string& name) const;
  // `name` in each fold (empty without folds).
  std::vector<double> fold_values(const std::string& name) const;
};

// `name` among `attributes`; nullopt when absent.
std::optional<double> attribute(const Attributes& attributes, const std::string& name);

struct Trial {
  int id = 0;            // 0, 1, 2, ... in the order trials were started; continues on resume
  Params params;         // active hyperparameters only
  int budget = 0;        // total budget (epochs) this trial ends with
  int initial_epoch = 0; // budget already spent before it started (continued from resumed_from)
  int bracket = -1;      // Hyperband bracket s (Hobbit's "run"), -1 outside Hyperband
  int rung = -1;         // successive-halving rung i in the bracket, -1 outside Hyperband
  std::optional<int> resumed_from;  // the trial whose final checkpoint this one continues
  Attributes attributes;            // known before training (empty when the objective has none)

  TrialStatus status = TrialStatus::Running;
  std::optional<double> value;      // the objective as reported (e.g. val_accuracy); none when failed
  // The value to minimise: value (Minimize) or -value (Maximize); +infinity
  // for failed trials and non-finite values, so they rank last and are never best.
  double loss = std::numeric_limits<double>::infinity();
  std::vector<double> fold_values;  // k-fold cross-validation: one value per fold (value = mean)
  // The epoch (1-based, counted from the first trial of its line) whose metric
  // is `value`: the best of this trial's own epochs (ObjectiveMode::Best) or
  // its last; 0 when the objective reports no epochs.
  int value_epoch = 0;
  std::vector<EpochRecord> history; // per-epoch metrics, epochs initial_epoch+1 .. last_epoch()
  double wall_s = 0;                // wall time of this trial (excluding earlier trials it continues)
  std::string failure;              // why it failed, was pruned or is infeasible
  std::string stop_reason;          // a completed trial that a callback stopped early (EarlyStopping)
  std::string checkpoint;           // path (relative to repo_dir) of its last checkpoint: its training state
  std::string value_checkpoint;     // the checkpoint of value_epoch (its weights are the model scored)

  bool finished() const { return status != TrialStatus::Running; }
  bool ok() const { return status == TrialStatus::Completed; }
  // The epoch count it ended at: budget, or fewer when stopped early or failed mid-way.
  int last_epoch() const { return history.empty() ? budget : history.back().epoch; }
  int epochs_trained() const { return last_epoch() - initial_epoch; }
  // Standard deviation of fold_values (population, as scikit-learn's cv_results_); 0 without folds.
  double value_std() const;
};

// Ranking order: smaller loss first, ties broken by the smaller trial id.
inline bool better(const Trial& a, const Trial& b) {
  if (a.loss != b.loss) return a.loss < b.loss;
  return a.id < b.id;
}

}  // namespace tunet::tuner
