#pragma once
// ModelObjective: a model function + a data set + the metric to optimise ->
// the tuner's resumable training objective (tuner/study/objective.hpp). Each trial
// builds a compiled nn::Sequential from its hyperparameters, trains it epoch
// by epoch with Sequential::fit (initial_epoch = the epochs already done),
// and is checkpointed after every epoch with Sequential::save (architecture,
// weights, optimizer state), so Hyperband survivors continue and an
// interrupted search resumes. The Study keeps the best trial's checkpoint as
// repo_dir/best_model.ckpt: nn::Sequential::load(results.best_checkpoint()).
//
//   auto data = ds::fashion_mnist().flatten().scale(1.0f / 255).split_validation(0.1, 42);
//   tu::ModelObjective objective(
//       [](const tu::Params& hp, uint64_t seed) {
//         nn::Sequential m({784}, seed);
//         m.add(nn::Dropout(hp.real("dropout")));
//         m.add(nn::Dense(100, hp.str("activation")));
//         m.add(nn::Dense(10, "softmax"));
//         m.compile(nn::RMSprop({.learning_rate = hp.real("learning_rate")}),
//                   "categorical_crossentropy", {"accuracy"});
//         return m;
//       },
//       data, {.objective = "val_loss"});
//   tu::Study study(space, objective, {.repo_dir = "runs/demo", .seed = 1, .log = &std::cout});
//
// The objective's mode: "best" (default) scores each trial by its best epoch
// and keeps that epoch's weights as its model, "last" by its last epoch
// (tuner/study/objective.hpp).
//
// Callbacks: `callbacks` makes a fresh set for each trial (and fold): they
// keep state across the trial's epochs (EarlyStopping's patience,
// ReduceLROnPlateau's plateau), their hooks run as in Sequential::fit, and
// one that stops training (EarlyStopping) completes the trial with the
// epochs it trained. An interrupted trial replays its recorded epochs
// through new callbacks, so a resumed search goes on exactly; a Hyperband
// continuation starts with fresh ones (as Keras Tuner copies its callbacks
// for each trial). The checkpoint of the scoring epoch plays
// restore_best_weights' part: on_train_end is not called. A batch-level stop
// (TerminateOnNaN) fails the trial with its reason.
//
//   tu::ModelObjective objective(build, data, {
//       .objective = "val_loss", .mode = tu::ObjectiveMode::Best,
//       .callbacks = [] { return nn::Callbacks{std::make_shared<nn::EarlyStopping>(
//                                    nn::EarlyStoppingConfig{.patience = 3})}; }});
//
// Deployed size: with deploy_precision set, every configuration has the
// attributes flash_bytes and ram_bytes (Objective::trial_attributes), the
// size of its model exported as C at that precision
// (nn/export/deployed_size.hpp), computed from the architecture the model
// function builds, before training; search constraints can bound them.
//
// Labels are given to each model as it expects them: one-hot for
// categorical_crossentropy, class indices otherwise. The objective is any
// metric the model logs ("val_loss", "val_accuracy", "loss"...); names with
// "acc" are maximised, the others minimised (Keras's "auto" mode).
//
// Data: train + validation (Splits; the test part is never touched here), or
// generators (Hobbit's generator_function with steps_per_epoch and
// validation_steps, datasets/batches.hpp). With folds > 1 (k-fold
// cross-validation, as scikit-learn's GridSearchCV) each configuration trains one model per fold on
// the training part, validates on the held-out fold, and scores the mean
// (best_model.ckpt is then the first fold's model); fold_preprocess fits
// each fold's scaling to its own training rows, as a scikit-learn Pipeline
// inside cross_validate does.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "datasets/batches.hpp"
#include "datasets/splits.hpp"
#include "nn/export/deployed_size.hpp"
#include "nn/sequential.hpp"
#include "tuner/study/objective.hpp"

namespace tunet::tuner {

// Builds and compiles the model of one configuration; `seed` (derived from the
// study seed and the trial) is meant for the model's weight initialisation.
using ModelFunction = std::function<nn::Sequential(const Params& hp, uint64_t seed)>;

// Makes the callbacks of one trial (and fold).
using CallbackFactory = std::function<nn::Callbacks()>;

// The batch size of one configuration (a hyperparameter, or a constant).
using BatchSizeFunction = std::function<int64_t(const Params& hp)>;

struct ModelObjectiveOptions {
  std::string objective = "val_loss";
  ObjectiveMode mode = ObjectiveMode::Best;
  int64_t batch_size = 128;
  BatchSizeFunction batch_size_of = nullptr;  // when set, each configuration's batch size (overrides batch_size)
  CallbackFactory callbacks = nullptr;
  // When set, each configuration's epoch count: its trial ends (as stopped)
  // after that many epochs, below the search's budget.
  std::function<int(const Params& hp)> epochs_of = nullptr;
  int folds = 1;            // > 1: k-fold cross-validation on the training part
  uint64_t fold_seed = 0;   // how the folds are dealt
  // When set, each fold's {train, validation} goes through it before training:
  // feature scaling learned from that fold's training rows alone.
  std::function<datasets::Splits(const datasets::Splits& fold)> fold_preprocess = nullptr;
  int verbose = 0;          // nn's own progress lines (the Study prints one line per epoch)
  int num_classes = 0;      // generators only: > 0 gives one-hot labels to categorical_crossentropy
  Device device = Device::CPU;  // where each trial's model trains (Sequential::to)
  std::optional<nn::Precision> deploy_precision = std::nullopt;  // set: record flash_bytes, ram_bytes
};

class ModelObjective : public TrainingObjective {
 public:
  ModelObjective(ModelFunction model_fn, const datasets::Splits& data, ModelObjectiveOptions options = {});
  // The model function of the sketch, without the seed (the model's own seed is used).
  ModelObjective(std::function<nn::Sequential(const Params&)> model_fn, const datasets::Splits& data,
                 ModelObjectiveOptions options = {});
  ModelObjective(ModelFunction model_fn, datasets::GeneratorData data, ModelObjectiveOptions options = {});

  // {"flash_bytes", "ram_bytes"} with deploy_precision, else none.
  std::vector<std::string> attribute_names() const override;
  Attributes trial_attributes(const Params& params) const override;

 private:
  ModelFunction model_fn_;
  std::optional<nn::Precision> deploy_precision_;
};

// The folds of cross-validation as trials see them: options.folds folds of
// `train` ({train, validation} each, test empty), dealt with options.fold_seed
// and passed through options.fold_preprocess.
std::vector<datasets::Splits> cross_validation_folds(const datasets::Dataset& train, const ModelObjectiveOptions& options);

// The attributes a ModelObjective with deploy_precision records: flash_bytes, ram_bytes.
std::vector<std::string> deployed_size_attributes();

// Keras's "auto" mode: metrics whose name contains "acc" are maximised.
Direction metric_direction(const std::string& metric);

}  // namespace tunet::tuner
