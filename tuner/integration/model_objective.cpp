#include "tuner/integration/model_objective.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/ops.hpp"
#include "datasets/dataset.hpp"

namespace tunet::tuner {

namespace ds = tunet::datasets;

Direction metric_direction(const std::string& metric) {
  return metric.find("acc") != std::string::npos ? Direction::Maximize : Direction::Minimize;
}

namespace {

// One side of the data (train or validation) in both label forms.
struct Part {
  Tensor x;
  Tensor labels;   // (N) class indices, or (N, T) regression targets
  Tensor one_hot;  // (N, C) for categorical_crossentropy; undefined for regression
};

Part make_part(const ds::Dataset& d) {
  Part p{d.x, d.y, Tensor()};
  if (d.is_classification()) p.one_hot = d.one_hot();
  return p;
}

const Tensor& targets_for(const Part& p, const nn::Sequential& model) {
  if (model.loss_name() == "categorical_crossentropy") {
    check(p.one_hot.defined(), "categorical_crossentropy needs class labels, the data set has regression targets");
    return p.one_hot;
  }
  return p.labels;
}

struct Fold {
  Part train, validation;
};

// What every trial shares: the model function and the (read-only) data.
struct Shared {
  ModelFunction model_fn;
  ModelObjectiveOptions options;
  std::vector<Fold> folds;                      // array data: one entry per fold
  std::optional<ds::GeneratorData> generators;  // or generators
  int num_classes = 0;
};

// Logs in a reading order: loss, train metrics, val_loss, validation metrics.
Metrics ordered_metrics(const nn::History& h) {
  Metrics m;
  auto add = [&](const std::string& name) {
    auto it = h.history.find(name);
    if (it != h.history.end() && !it->second.empty()) m.emplace_back(name, it->second.back());
  };
  add("loss");
  for (const auto& [name, values] : h.history)
    if (name != "loss" && name.rfind("val_", 0) != 0) add(name);
  add("val_loss");
  for (const auto& [name, values] : h.history)
    if (name != "val_loss" && name.rfind("val_", 0) == 0) add(name);
  return m;
}

// Concatenates `steps` batches of a generator into one (x, y) pair.
ds::Batch gather(ds::BatchGenerator& generator, int64_t steps) {
  std::vector<Tensor> xs, ys;
  for (int64_t s = 0; s < steps; ++s) {
    ds::Batch b = generator();
    xs.push_back(b.x.clone());
    ys.push_back(b.y.clone());
  }
  return {concat(xs, 0), concat(ys, 0)};
}

// Hands fit() the epoch and batch hooks of a trial's callbacks: their
// on_train_begin ran once when the trial started, and fit() runs one epoch
// at a time here.
class EpochHooks : public nn::Callback {
 public:
  explicit EpochHooks(const nn::Callbacks& callbacks) : callbacks_(callbacks) {}
  void on_epoch_begin(int epoch, nn::Sequential& model) override {
    for (const auto& cb : callbacks_) cb->on_epoch_begin(epoch, model);
  }
  void on_batch_end(int batch, const nn::Logs& logs, nn::Sequential& model) override {
    for (const auto& cb : callbacks_) cb->on_batch_end(batch, logs, model);
  }
  void on_epoch_end(int epoch, const nn::Logs& logs, nn::Sequential& model) override {
    for (const auto& cb : callbacks_) cb->on_epoch_end(epoch, logs, model);
  }

 private:
  const nn::Callbacks& callbacks_;
};

class ModelRun : public TrainingRun {
 public:
  ModelRun(std::shared_ptr<const Shared> shared, const Params& hp, int fold, const TrialContext& ctx)
      : shared_(std::move(shared)), fold_(fold), seed_(ctx.seed), model_(shared_->model_fn(hp, ctx.seed)) {
    check(model_.compiled(), "the model function must return a compiled model (call compile())");
    const ModelObjectiveOptions& o = shared_->options;
    batch_size_ = o.batch_size_of ? o.batch_size_of(hp) : o.batch_size;
    check(batch_size_ >= 1, "batch_size must be >= 1, got " + std::to_string(batch_size_) + " for " + to_string(hp));
    if (o.epochs_of) epochs_ = o.epochs_of(hp);
    if (o.callbacks) callbacks_ = o.callbacks();
    for (const auto& cb : callbacks_) {
      check(cb != nullptr, "ModelObjective: the callback factory returned a null callback");
      cb->on_train_begin(model_);
    }
    model_.to(o.device);
    if (shared_->generators) {
      train_generator_ = shared_->generators->train(seed_);
      ds::BatchGenerator validation = shared_->generators->validation(seed_);
      ds::Batch v = gather(validation, shared_->generators->validation_steps);
      validation_ = make_part({v.x, v.y, shared_->num_classes, {}});
    }
  }

  Metrics train_epoch(int epoch) override {
    const ModelObjectiveOptions& o = shared_->options;
    nn::FitOptions fit;
    fit.epochs = epoch + 1;
    fit.initial_epoch = epoch;
    fit.batch_size = batch_size_;
    fit.verbose = o.verbose;
    fit.seed = seed_;
    fit.callbacks = {std::make_shared<EpochHooks>(callbacks_)};
    stop_reason_.clear();
    nn::History h;
    if (shared_->generators) {
      // One epoch = steps_per_epoch batches of the generator, in its order.
      ds::Batch b = gather(train_generator_, shared_->generators->steps_per_epoch);
      Part train = make_part({b.x, b.y, shared_->num_classes, {}});
      fit.shuffle = false;
      fit.batch_size = b.x.dim(0) / std::max<int64_t>(1, shared_->generators->steps_per_epoch);
      fit.validation_data = {validation_.x, targets_for(validation_, model_)};
      h = model_.fit(train.x, targets_for(train, model_), fit);
    } else {
      const Fold& f = shared_->folds[static_cast<size_t>(fold_)];
      fit.validation_data = {f.validation.x, targets_for(f.validation, model_)};
      h = model_.fit(f.train.x, targets_for(f.train, model_), fit);
    }
    // A stop inside the epoch (TerminateOnNaN) leaves no epoch to score: the trial fails.
    check(h.stop_reason.empty() || !h.epochs.empty(),
          "training stopped in epoch " + std::to_string(epoch + 1) + ": " + h.stop_reason);
    stop_reason_ = h.stop_reason;
    end_at_configured_epochs(epoch + 1);
    return ordered_metrics(h);
  }

  std::string stop_reason() const override { return stop_reason_; }

  void replay(int first_epoch, const std::vector<Metrics>& epochs) override {
    // The model is the freshly built one; load() replaces it (with the
    // learning rate the callbacks had set) right after.
    int epoch = first_epoch;
    for (const Metrics& metrics : epochs) {
      const nn::Logs logs(metrics.begin(), metrics.end());
      for (const auto& cb : callbacks_) cb->on_epoch_end(epoch, logs, model_);
      ++epoch;
    }
    stop_reason_ = model_.stop_reason();
    end_at_configured_epochs(epoch);
  }

  void save(const std::filesystem::path& path) override { model_.save(path.string()); }
  void load(const std::filesystem::path& path) override {
    model_ = nn::Sequential::load(path.string());
    model_.to(shared_->options.device);
  }

 private:
  // The configuration's own epoch count (ModelObjectiveOptions::epochs_of) is reached.
  void end_at_configured_epochs(int epochs_done) {
    if (epochs_ > 0 && epochs_done >= epochs_ && stop_reason_.empty())
      stop_reason_ = "its configuration trains " + std::to_string(epochs_) + " epochs (fit.epochs)";
  }

  std::shared_ptr<const Shared> shared_;
  int fold_;
  uint64_t seed_;
  nn::Sequential model_;
  int64_t batch_size_ = 0;
  int epochs_ = 0;  // 0: the search's budget
  nn::Callbacks callbacks_;
  std::string stop_reason_;
  ds::BatchGenerator train_generator_;
  Part validation_;
};

TrainingObjective::Factory factory_of(std::shared_ptr<const Shared> shared) {
  return [shared](const Params& hp, int fold, const TrialContext& ctx) -> std::unique_ptr<TrainingRun> {
    return std::make_unique<ModelRun>(shared, hp, fold, ctx);
  };
}

TrainingOptions training_options(const ModelObjectiveOptions& o) {
  check(o.batch_size >= 1, "ModelObjective: batch_size must be >= 1");
  return {.metric = o.objective, .direction = metric_direction(o.objective), .folds = o.folds, .mode = o.mode};
}

std::shared_ptr<const Shared> share_arrays(ModelFunction model_fn, const ds::Splits& data,
                                           const ModelObjectiveOptions& o) {
  check(static_cast<bool>(model_fn), "ModelObjective: empty model function");
  check(!data.train.empty(), "ModelObjective: the training set is empty");
  auto shared = std::make_shared<Shared>();
  shared->model_fn = std::move(model_fn);
  shared->options = o;
  shared->num_classes = data.train.num_classes;
  if (o.folds > 1) {
    for (const ds::Splits& fold : cross_validation_folds(data.train, o))
      shared->folds.push_back({make_part(fold.train), make_part(fold.validation)});
  } else {
    check(!data.validation.empty(),
          "ModelObjective: no validation set (use split_validation(), or folds > 1 for cross-validation)");
    shared->folds.push_back({make_part(data.train), make_part(data.validation)});
  }
  return shared;
}

}  // namespace

std::vector<ds::Splits> cross_validation_folds(const ds::Dataset& train, const ModelObjectiveOptions& o) {
  std::vector<ds::Splits> folds;
  for (const ds::SplitIndices& idx :
       ds::k_fold(train, {.k = o.folds, .stratify = train.is_classification(), .shuffle = true, .seed = o.fold_seed})) {
    ds::Splits fold{train.subset(idx.train), train.subset(idx.validation), {}};
    folds.push_back(o.fold_preprocess ? o.fold_preprocess(fold) : fold);
  }
  return folds;
}

namespace {

// The precision of the deployed size, when recorded: it determines the
// recorded attributes, so a search resumed with another is refused.
Json with_deploy(Json description, const ModelObjectiveOptions& o) {
  if (o.deploy_precision) description["deploy"] = {{"precision", nn::precision_name(*o.deploy_precision)}};
  return description;
}

Json describe_arrays(const ds::Splits& data, const ModelObjectiveOptions& o) {
  return with_deploy({{"data", data.summary()}, {"batch_size", o.batch_size}, {"fold_seed", o.fold_seed}}, o);
}

constexpr const char* kFlashBytes = "flash_bytes";
constexpr const char* kRamBytes = "ram_bytes";

}  // namespace

ModelObjective::ModelObjective(ModelFunction model_fn, const ds::Splits& data, ModelObjectiveOptions options)
    : TrainingObjective(factory_of(share_arrays(model_fn, data, options)), training_options(options),
                        describe_arrays(data, options)),
      model_fn_(std::move(model_fn)), deploy_precision_(options.deploy_precision) {}

ModelObjective::ModelObjective(std::function<nn::Sequential(const Params&)> model_fn, const ds::Splits& data,
                               ModelObjectiveOptions options)
    : ModelObjective(
          [fn = std::move(model_fn)](const Params& hp, uint64_t) {
            check(static_cast<bool>(fn), "ModelObjective: empty model function");
            return fn(hp);
          },
          data, std::move(options)) {}

ModelObjective::ModelObjective(ModelFunction model_fn, ds::GeneratorData data, ModelObjectiveOptions options)
    : TrainingObjective(
          [&]() -> Factory {
            check(static_cast<bool>(model_fn), "ModelObjective: empty model function");
            check(options.folds == 1, "ModelObjective: cross-validation needs arrays, not generators");
            check(data.train && data.validation && data.steps_per_epoch > 0 && data.validation_steps > 0,
                  "ModelObjective: generators need train and validation functions with steps > 0");
            auto shared = std::make_shared<Shared>();
            shared->model_fn = model_fn;
            shared->options = options;
            shared->num_classes = options.num_classes;
            shared->generators = std::move(data);
            return factory_of(shared);
          }(),
          training_options(options),
          with_deploy({{"generators", true}, {"batch_size", options.batch_size}}, options)),
      model_fn_(std::move(model_fn)), deploy_precision_(options.deploy_precision) {}

std::vector<std::string> deployed_size_attributes() { return {kFlashBytes, kRamBytes}; }

std::vector<std::string> ModelObjective::attribute_names() const {
  if (!deploy_precision_) return {};
  return deployed_size_attributes();
}

Attributes ModelObjective::trial_attributes(const Params& params) const {
  if (!deploy_precision_) return {};
  // The architecture is all that counts: any seed builds the same one.
  const nn::Sequential model = model_fn_(params, 0);
  const nn::DeployedSize size = nn::deployed_size(model, *deploy_precision_);
  return {{kFlashBytes, static_cast<double>(size.flash_bytes)}, {kRamBytes, static_cast<double>(size.ram_bytes)}};
}

}  // namespace tunet::tuner
