#pragma once
// Objective: what a trial evaluates. Two kinds:
//
// 1. Any callable (params, budget, context) -> value, for non-network
//    objectives, tests and teaching demos:
//      FunctionObjective f([](const Params& hp, int budget, TrialContext&) {
//        return std::pow(hp.real("x") - 2, 2) / budget; });
//
// 2. A resumable training run (TrainingObjective): a factory builds a
//    TrainingRun for a configuration; the objective trains it epoch by epoch
//    from ctx.initial_epoch to ctx.budget, checks that the metric stays finite,
//    writes a checkpoint atomically after every epoch and journals the epoch's
//    metrics. A continued trial (Hyperband survivor) or an interrupted one
//    starts from its checkpoint instead of from scratch. With folds > 1 the
//    factory is called once per fold (k-fold cross-validation), the folds
//    train in lockstep, epoch metrics are fold means, and the trial's value is
//    the mean of the folds' final values (fold_values keeps each).
//    A run may end training early (a callback such as EarlyStopping): the
//    trial then completes with the epochs it trained (Score::stop_reason);
//    under cross-validation it ends at the first epoch after which every
//    fold asked to stop.
//
// Objective modes: the Study scores a trial that reports epochs by its best
// epoch (ObjectiveMode::Best: value, value_epoch and the checkpoint kept as
// its model are that epoch's) or by its last (ObjectiveMode::Last), as the
// objective's mode() says. A trial continuing another (Hyperband) trains on
// from the other's last checkpoint (the training state) and is scored by the
// best of its own epochs.
//
// The tuner knows nothing of networks: tuner/integration/ turns a model function
// plus a dataset into a TrainingObjective.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tuner/config/json.hpp"
#include "tuner/space/params.hpp"
#include "tuner/study/objectives.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

// The name of the checkpoint taken after `epoch` epochs: "epoch-<epoch>.ckpt".
std::string checkpoint_file_name(int epoch);

// What an objective knows about the trial it evaluates.
class TrialContext {
 public:
  int trial_id = 0;
  int budget = 1;                    // train up to this many epochs in total
  int initial_epoch = 0;             // epochs already in the state at resume_path
  std::uint64_t seed = 0;            // derived from the study seed and the trial id
  std::filesystem::path checkpoint_dir;  // this trial's folder for checkpoints (absolute)
  std::filesystem::path resume_from;     // checkpoint to start from; empty: from scratch
  // Resuming an interrupted trial: the epochs it recorded before (the last
  // one is the checkpoint at resume_from). Empty for a new or continued trial.
  std::vector<EpochRecord> history;
  std::ostream* log = nullptr;           // progress lines; nullptr: silent

  // Where to write the checkpoint taken after `epoch` epochs (1-based). One
  // file per epoch: the journal names the last one it recorded, so a crash
  // between writing a checkpoint and journaling its epoch resumes consistently.
  std::filesystem::path checkpoint_path(int epoch) const;

  // Records an epoch (journal + progress). Called by objectives after the
  // epoch's checkpoint is safely written at checkpoint_path(record.epoch).
  void report_epoch(const EpochRecord& record);

  using EpochSink = std::function<void(const EpochRecord&)>;
  explicit TrialContext(EpochSink sink = {}) : sink_(std::move(sink)) {}

 private:
  EpochSink sink_;
};

// The result of one evaluation: the value, and the per-fold values under
// cross-validation (then value is their mean).
struct Score {
  double value = 0;
  std::vector<double> folds;
  std::string stop_reason;  // training ended before the budget on purpose (EarlyStopping); "" otherwise
};

class Objective {
 public:
  virtual ~Objective() = default;
  virtual std::string metric() const = 0;   // "val_loss", "val_accuracy", "value"
  virtual Direction direction() const = 0;
  // Which epoch scores a trial (for objectives that report epochs).
  virtual ObjectiveMode mode() const { return ObjectiveMode::Last; }
  // What determines the values (dataset, model...), recorded in the journal.
  virtual Json describe() const { return Json::object(); }
  // Throws to fail the trial (the message becomes its failure reason);
  // TrialPruned to stop it early on purpose.
  virtual Score evaluate(const Params& params, TrialContext& ctx) = 0;
  // Quantities a configuration has before it is trained, in closed form (the
  // nn integration: the deployed model's flash_bytes and ram_bytes): the Study
  // records them with each trial (columns of the table and results.csv) and
  // search constraints bound them (constraints.hpp). attribute_names() lists
  // them, empty when the objective has none; trial_attributes() gives one
  // configuration's, in that order, without training. It throws, as evaluate
  // does, for a configuration it cannot size (the trial then fails untrained).
  virtual std::vector<std::string> attribute_names() const { return {}; }
  virtual Attributes trial_attributes(const Params& params) const {
    (void)params;
    return {};
  }
  // A multi-objective search's objectives (multi_objective.hpp); empty: one objective, metric().
  virtual ObjectiveList objectives() const { return {}; }
};

// Thrown by an objective that stops a trial on purpose (status Pruned).
struct TrialPruned : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class FunctionObjective : public Objective {
 public:
  using Function = std::function<double(const Params&, int budget, TrialContext&)>;
  explicit FunctionObjective(Function function, Direction direction = Direction::Minimize,
                             std::string metric = "value");
  std::string metric() const override { return metric_; }
  Direction direction() const override { return direction_; }
  Score evaluate(const Params& params, TrialContext& ctx) override;

 private:
  Function function_;
  Direction direction_;
  std::string metric_;
};

// One model being trained that can save and restore its whole state.
class TrainingRun {
 public:
  virtual ~TrainingRun() = default;
  // Trains epoch `epoch` (0-based) and returns its metrics (must include the objective's metric).
  virtual Metrics train_epoch(int epoch) = 0;
  // After train_epoch: why the run asks to end training now (a callback), "" to go on.
  virtual std::string stop_reason() const { return ""; }
  // Resuming an interrupted trial, before load(): the metrics of the epochs
  // it trained before (0-based epoch first_epoch first), so that its
  // callbacks' state is what it was (stop_reason() then says whether they
  // had ended training).
  virtual void replay(int first_epoch, const std::vector<Metrics>& epochs) { (void)first_epoch, (void)epochs; }
  virtual void save(const std::filesystem::path& path) = 0;
  virtual void load(const std::filesystem::path& path) = 0;
};

struct TrainingOptions {
  std::string metric = "val_loss";
  Direction direction = Direction::Minimize;
  int folds = 1;  // > 1: k-fold cross-validation, the factory gets the fold index
  ObjectiveMode mode = ObjectiveMode::Best;
};

class TrainingObjective : public Objective {
 public:
  // Builds the run for one configuration (and fold, 0 without cross-validation).
  using Factory = std::function<std::unique_ptr<TrainingRun>(const Params&, int fold,
                                                             const TrialContext&)>;
  TrainingObjective(Factory factory, TrainingOptions options, Json description = Json::object());

  std::string metric() const override { return options_.metric; }
  Direction direction() const override { return options_.direction; }
  ObjectiveMode mode() const override { return options_.mode; }
  Json describe() const override;
  Score evaluate(const Params& params, TrialContext& ctx) override;

  // Checkpoint file of fold `fold` for a trial whose checkpoint is `base`.
  static std::filesystem::path fold_checkpoint(const std::filesystem::path& base, int fold);

 private:
  Factory factory_;
  TrainingOptions options_;
  Json description_;
};

}  // namespace tunet::tuner
