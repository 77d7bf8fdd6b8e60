#include "tuner/integration/tune_config.hpp"

#include <cstdlib>
#include <set>
#include <ostream>

#include "core/backend.hpp"
#include "core/error.hpp"
#include "nn/sequential.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/integration/callback_config.hpp"
#include "tuner/integration/data_config.hpp"
#include "tuner/integration/fit_config.hpp"
#include "tuner/integration/model_objective.hpp"
#include "tuner/integration/model_probe.hpp"
#include "tuner/integration/objectives_config.hpp"
#include "tuner/integration/refit.hpp"
#include "tuner/proposers/stopping_proposer.hpp"
#include "tuner/skopt/expected_minimum.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/multi_objective.hpp"
#include "tuner/study/study.hpp"

namespace tunet::tuner {

namespace fs = std::filesystem;

namespace {

// Fields of "search" that are the caller's, not the algorithm's.
const std::set<std::string> kSearchCallerFields = {"objective", "objectives", "cv", "refit", "constraints"};
constexpr uint64_t kSearchCheckStream = 78;  // the throwaway scheduler's (started to check the space)

const Tensor& targets(const datasets::Dataset& d, const nn::Sequential& model, Tensor& one_hot) {
  if (model.loss_name() != "categorical_crossentropy") return d.y;
  one_hot = d.one_hot();
  return one_hot;
}

}  // namespace

TuneSettings parse_tune_settings(const Json& config) {
  require_object(config, "");
  check_fields(config, "", {"data", "model", "compile", "space", "search", "fit", "callbacks", "repo_dir", "seed",
                            "device", "max_consecutive_failed_trials", "evaluate_test", "top", "description",
                            "deploy"});
  for (const char* key : {"data", "model", "compile", "space", "search", "repo_dir"}) require_field(config, key, "");

  TuneSettings s;
  s.seed = unsigned_or(config, "seed", 0, "");
  const std::string device = string_or(config, "device", "cpu", "");
  try {
    s.device = parse_device(device);
  } catch (const Error& e) {
    throw Error(std::string("device: ") + e.what());
  }
  s.max_consecutive_failed_trials =
      static_cast<int>(integer_or(config, "max_consecutive_failed_trials", 5, "", 1, 1'000'000));
  s.evaluate_test = bool_or(config, "evaluate_test", true, "");
  s.top = static_cast<size_t>(integer_or(config, "top", 10, "", 0));
  s.repo_dir = string_value(config.at("repo_dir"), "repo_dir");
  if (s.repo_dir.empty()) field_error("repo_dir", "a directory path", config.at("repo_dir"));

  s.space = Space::from_json(config.at("space"));
  s.fit = parse_fit(config.contains("fit") ? config.at("fit") : Json(), s.space);
  const Json search = search_with_fit_epochs(config.at("search"), s.fit);
  s.search = search;
  s.plan = make_search(search, kSearchCallerFields);
  if (search.contains("constraints")) {
    s.constraints = Constraints::from_json(search.at("constraints"), "search.constraints");
    s.constraints.check_known(deployed_size_attributes(), "search.constraints");
  }
  if (config.contains("deploy")) s.deploy = parse_deploy(config.at("deploy"));
  s.objectives = parse_objectives(search);
  if (!s.deploy && (!s.constraints.empty() || needs_deployed_size(s.objectives))) s.deploy = DeploySettings{};
  const ObjectiveSettings objective = parse_objective(search);
  s.objective = objective.name;
  s.mode = objective.mode;
  if (s.objectives.size() > 0) {
    check(!search.contains("objective") || s.objective == s.objectives.metric(),
          "search.objective (" + s.objective + ") is not the first metric of search.objectives (" +
              s.objectives.metric() + "), which scores training: leave search.objective out");
    s.objective = s.objectives.metric();
  }
  s.folds = static_cast<int>(integer_or(search, "cv", 1, "search", 1, 1000));
  s.refit = bool_or(search, "refit", true, "search");
  s.batch_size = s.fit.batch_size;
  s.steps_per_epoch = s.fit.steps_per_epoch;
  s.validation_steps = s.fit.validation_steps;
  check(s.steps_per_epoch == 0 || s.folds == 1, "fit.steps_per_epoch (generators) cannot be combined with search.cv");
  if (config.contains("callbacks")) s.callbacks = parse_callbacks(config.at("callbacks"));

  s.data = parse_data_settings(config.at("data"));
  if (s.folds > 1 && !s.data.validation_split) s.data.validation_split = 0.0;
  s.model = config.at("model");
  s.compile = config.at("compile");
  std::vector<std::string> used = ModelConfig(s.model, s.compile, s.space, Shape{}).references();  // checks them
  for (const std::string& name : s.fit.references()) used.push_back(name);
  check_every_dimension_used(s.space, used);

  s.recorded = Json::object();
  for (const char* key : {"data", "model", "compile", "fit", "callbacks", "deploy"})
    if (config.contains(key)) s.recorded[key] = config.at(key);
  s.recorded["data"].erase("dir");  // where the files are, not what they hold
  s.recorded["cv"] = s.folds;
  return s;
}

TuneJob::~TuneJob() = default;

namespace {

// A worker's GPU: the configured index plus its rank on this node (Open MPI's
// OMPI_COMM_WORLD_LOCAL_RANK), modulo the GPUs present.
Device worker_gpu(Device configured) {
  const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_RANK");
  if (!local || !backend_registered(configured.kind)) return configured;
  std::string why;
  if (!device_available(configured, &why)) return configured;  // the constructor reports why
  const int count = backend(configured).device_count();
  if (count <= 1) return configured;
  return Device{configured.kind, (configured.index + std::atoi(local)) % count};
}

}  // namespace

TuneJob::TuneJob(const Json& config, std::ostream* log, Role role)
    : log_(log), settings_(parse_tune_settings(config)) {
  if (role == Role::Worker && !settings_.device.is_cpu()) settings_.device = worker_gpu(settings_.device);
  std::string why;
  check(device_available(settings_.device, &why), "device: " + settings_.device.str() + " cannot be used: " + why);

  // Under cross-validation each fold learns its own scaling (fold_train_);
  // refit and the test set use the statistics of the whole training part.
  const datasets::Splits unscaled = load_unscaled_data(settings_.data, settings_.seed);
  data_ = scaled_by_train(unscaled, settings_.data.scaling());
  if (settings_.folds > 1 && settings_.data.scaling() != "none") fold_train_ = unscaled.train;
  model_ = std::make_unique<ModelConfig>(settings_.model, settings_.compile, settings_.space,
                                         data_.train.sample_shape());
  probe_models(settings_.space, [this](const Params& hp) { return model_->build(hp, settings_.seed); },
               settings_.seed);

  // The algorithm's own checks against the space (grid values, GP x0...), on
  // a throwaway plan: the search starts its own.
  try {
    SearchPlan check_plan = make_search(settings_.search, kSearchCallerFields);
    check_plan.scheduler->set_objectives(settings_.objectives);
    check_plan.scheduler->start(settings_.space, Rng(settings_.seed, kSearchCheckStream),
                                metric_direction(settings_.objective));
  } catch (const Error& e) {
    throw Error("search: " + std::string(e.what()));
  }

  // Only a config that passed every check creates repo_dir (and its journal).
  if (role == Role::Search) Journal probe(settings_.repo_dir);
}

ModelObjective TuneJob::make_objective() const {
  ModelFunction build = [this](const Params& hp, uint64_t seed) { return model_->build(hp, seed); };
  const TuneSettings& s = settings_;
  ModelObjectiveOptions options{.objective = s.objective, .mode = s.mode, .batch_size = s.batch_size,
                                .callbacks = s.callbacks, .folds = s.folds, .fold_seed = s.seed,
                                .num_classes = data_.num_classes(), .device = s.device};
  if (s.deploy) options.deploy_precision = s.deploy->precision;
  if (!s.fit.batch_size_reference.empty())
    options.batch_size_of = [fit = s.fit](const Params& hp) { return fit.batch_size_of(hp); };
  if (!s.fit.epochs_reference.empty())
    options.epochs_of = [fit = s.fit](const Params& hp) { return fit.epochs_of(hp); };
  if (fold_train_) {
    options.fold_preprocess = [scaling = s.data.scaling()](const datasets::Splits& fold) {
      return scaled_by_train(fold, scaling);
    };
    return ModelObjective(build, datasets::Splits{*fold_train_, {}, {}}, options);
  }
  return s.steps_per_epoch > 0
          ? ModelObjective(build,
                           datasets::generator_data(data_, {.batch_size = s.batch_size, .random_start = true},
                                                    s.steps_per_epoch, s.validation_steps),
                           options)
          : ModelObjective(build, data_, options);
}

void TuneJob::serve(const std::function<void(Objective&)>& worker) {
  ModelObjective objective = make_objective();
  worker(objective);
}

TuneReport TuneJob::run() { return run_on(nullptr); }

TuneReport TuneJob::run(Executor& executor) { return run_on(&executor); }

TuneReport TuneJob::run_on(Executor* executor) {
  ModelFunction build = [this](const Params& hp, uint64_t seed) { return model_->build(hp, seed); };
  const TuneSettings& s = settings_;
  ModelObjective objective = make_objective();
  if (log_) {
    *log_ << "Data: " << data_.summary() << "\n";
    *log_ << "Search space:\n";
    for (const Dimension& d : s.space) *log_ << "  " << d.describe() << "\n";
    *log_ << "Objective: " << s.objective << " (" << direction_name(objective.direction()) << ", "
          << mode_name(s.mode) << " epoch)"
          << (s.folds > 1 ? ", mean over " + std::to_string(s.folds) + " folds" : "")
          << "; repo_dir: " << s.repo_dir.string() << "\n";
  }
  MultiObjective multi(objective, s.objectives);
  Objective& scored = s.objectives.several() ? static_cast<Objective&>(multi) : objective;
  Study study(s.space, scored,
              {.repo_dir = s.repo_dir, .seed = s.seed,
               .max_consecutive_failed_trials = s.max_consecutive_failed_trials, .log = log_,
               .constraints = s.constraints, .settings = s.recorded});
  TuneReport report{executor ? study.run(*s.plan.scheduler, *executor) : study.run(*s.plan.scheduler), std::nullopt,
                    0};
  if (const auto* stopping = dynamic_cast<const StoppingProposer*>(s.plan.proposer.get());
      log_ && stopping && stopping->stopped())
    *log_ << "Stopped early by search.stoppers after " << stopping->func_vals().size() << " configurations\n";

  if (log_) {
    *log_ << "\nResults (best first; all trials in " << (s.repo_dir / Results::kCsvName).string() << "):\n";
    report.results.print(*log_, s.top);
    if (s.objectives.several())
      *log_ << "Pareto front of " << s.objectives.size() << " objectives: " << report.results.front().size()
            << " trials (front *)\n";
  }
  if (!report.results.has_best()) {
    if (log_) *log_ << "No trial completed: there is no best model.\n";
    return report;
  }
  const Trial& best = report.results.best();
  if (log_)
    *log_ << "\nBest: trial " << best.id << " " << best.params << ", " << s.objective << " = " << *best.value
          << " at epoch " << best.value_epoch << " of " << best.last_epoch() << "; model (that epoch's) in " << report.results.best_checkpoint().string() << "\n";
  if (log_ && s.plan.scheduler->name() == "gp") print_expected_minimum(*log_, report.results, s.seed);
  if (s.folds > 1 && s.refit)  // the best configuration trained on every fold: the best model
    refit_best_model(build, best, data_.train,
                     {.epochs = best.value_epoch > 0 ? best.value_epoch : best.budget, .batch_size = s.fit.batch_size_of(best.params), .seed = study.trial_seed(best.id),
                      .device = s.device},
                     s.repo_dir, log_);
  if (s.evaluate_test && !data_.test.empty() && fs::exists(report.results.best_checkpoint())) {
    nn::Sequential model = nn::Sequential::load(report.results.best_checkpoint().string());
    Tensor one_hot;
    report.test = model.evaluate(data_.test.x, targets(data_.test, model, one_hot), s.batch_size);
    report.test_samples = data_.test.size();
    if (log_) {
      *log_ << "Test set (" << report.test_samples << " samples, never seen during the search):";
      for (const auto& [name, value] : *report.test) *log_ << " " << name << " = " << value;
      *log_ << "\n";
    }
  }
  return report;
}

}  // namespace tunet::tuner
