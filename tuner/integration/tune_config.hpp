#pragma once
// A whole search from a config file: what `tunet tune CONFIG.json` runs.
//
//   Json config = read_config("examples/fashion_mlp_hyperband.json");
//   TuneJob job(config);            // validates everything, loads the data
//   TuneReport report = job.run();  // schedule, progress, ranked table, test accuracy
//
// The config (see examples/ and docs/tuner.md):
//   {"data":    {...}  (tuner/integration/data_config.hpp),
//    "model":   [...], "compile": {...}  (tuner/integration/model_config.hpp),
//    "space":   {...}  (tuner/space/space.hpp),
//    "search":  {"algorithm": ..., "objective": "val_loss" | {"name": "val_loss", "mode": "best"},
//                "cv": 3, "constraints": {"flash_bytes": {"max": 65536}},
//                "objectives": [{"name": "val_accuracy"}, {"name": "flash_bytes"}], ...}
//               (tuner/config/search_config.hpp, tuner/study/constraints.hpp),
//    "fit":     {"batch_size": 128 | "$batch_size", "epochs": 10 | "$epochs", "steps_per_epoch": 100,
//                "validation_steps": 20}  (tuner/integration/fit_config.hpp),
//    "callbacks": [{"type": "early_stopping", "patience": 3}, ...]  (tuner/integration/callback_config.hpp),
//    "deploy":  {"precision": "float32" | "int8"}  (tuner/integration/deploy_config.hpp),
//    "repo_dir": "runs/name", "seed": 1, "device": "cpu" | "cuda" | "cuda:N",
//    "max_consecutive_failed_trials": 5, "evaluate_test": true, "top": 10}
//
// With "steps_per_epoch" an epoch is that many batches from a generator that
// starts at a random place (Hobbit's advice for short epochs over large data);
// "validation_steps" batches of validation data are evaluated (0: all).
//
// Everything that can be checked is checked in the constructor, before any
// training: unknown fields (with the nearest known name: "model[1]: unknown
// field 'unit' (did you mean 'units'?)"), the space, references from the model to the
// space, a dimension nothing refers to, out-of-range values, the layers
// themselves (every choice value and a few random configurations are built
// without training: tuner/integration/model_probe.hpp), and that repo_dir can
// be written; repo_dir is created only once all of it passed. Errors name
// the field by its JSON path and show the value found:
//   space.learning_rate.low: expected a number, got "abc"
// parse_tune_settings does the checks that need neither the disk nor the data.
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "datasets/splits.hpp"
#include "nn/callback.hpp"
#include "tuner/config/json.hpp"
#include "tuner/config/search_config.hpp"
#include "tuner/integration/data_config.hpp"
#include "tuner/integration/deploy_config.hpp"
#include "tuner/integration/fit_config.hpp"
#include "tuner/integration/model_config.hpp"
#include "tuner/integration/model_objective.hpp"
#include "tuner/space/space.hpp"
#include "tuner/study/constraints.hpp"
#include "tuner/study/executor.hpp"
#include "tuner/study/results.hpp"

namespace tunet::tuner {

struct TuneReport {
  Results results;
  std::optional<nn::Logs> test;  // the best model on the test set, when evaluated
  int64_t test_samples = 0;
};

// A config's settings, checked without reading data or touching the disk.
struct TuneSettings {
  Space space;
  Json search;                   // the "search" section, with fit.epochs as its epochs
  SearchPlan plan;
  std::filesystem::path repo_dir;
  uint64_t seed = 0;
  Device device = Device::CPU;
  std::string objective = "val_loss";
  ObjectiveList objectives;  // search.objectives (tuner/integration/objectives_config.hpp); empty: one
  ObjectiveMode mode = ObjectiveMode::Best;
  int folds = 1;
  bool refit = true;             // with folds > 1: the best configuration retrained on all folds (refit.hpp)
  FitSettings fit;
  CallbackFactory callbacks = nullptr;
  int64_t batch_size = 128;
  int64_t steps_per_epoch = 0;   // 0: whole passes over the arrays
  int64_t validation_steps = 0;
  int max_consecutive_failed_trials = 5;
  bool evaluate_test = true;
  size_t top = 10;
  DataSettings data;
  Json model, compile;           // checked against the space (ModelConfig)
  std::optional<DeploySettings> deploy;  // set by "deploy" or search.constraints: trials record their deployed size
  Constraints constraints;       // search.constraints
  // What else changes the trials' results, recorded in the journal (a resume
  // with other values is refused): the sections data (but its "dir"), model,
  // compile, fit, callbacks and deploy as written, and the folds (search.cv).
  Json recorded;
};
TuneSettings parse_tune_settings(const Json& config);

class TuneJob {
 public:
  // A worker of a distributed search trains trials only: it neither probes
  // nor writes repo_dir (the coordinator owns it), and with "device": "cuda"
  // it takes the GPU (index + local rank) mod the GPUs on its node.
  enum class Role { Search, Worker };
  // `log`: where the schedule, progress and tables go (nullptr: silent).
  explicit TuneJob(const Json& config, std::ostream* log = nullptr, Role role = Role::Search);
  ~TuneJob();

  TuneReport run();                    // one trial at a time, here
  TuneReport run(Executor& executor);  // trials on the executor's workers (tuner/distributed/)
  // Role::Worker: hands `worker` the objective this search's trials are trained with.
  void serve(const std::function<void(Objective&)>& worker);

  const Space& space() const { return settings_.space; }
  const datasets::Splits& data() const { return data_; }
  const std::filesystem::path& repo_dir() const { return settings_.repo_dir; }

 private:
  ModelObjective make_objective() const;
  TuneReport run_on(Executor* executor);  // nullptr: one trial at a time, here

  std::ostream* log_;
  TuneSettings settings_;
  datasets::Splits data_;
  std::optional<datasets::Dataset> fold_train_;  // cross-validation with scaling: the training part unscaled
  std::unique_ptr<ModelConfig> model_;
};

}  // namespace tunet::tuner
