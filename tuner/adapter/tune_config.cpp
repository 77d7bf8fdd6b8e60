#include "tuner/adapter/tune_config.hpp"

#include <ostream>
#include <set>

#include "core/backend.hpp"
#include "core/error.hpp"
#include "nn/sequential.hpp"
#include "tuner/adapter/data_config.hpp"
#include "tuner/adapter/model_objective.hpp"
#include "tuner/journal.hpp"
#include "tuner/study.hpp"

namespace tunet::tuner {

namespace fs = std::filesystem;

namespace {

constexpr uint64_t kProbeStream = 77;  // configurations built (not trained) to check the model
constexpr int kProbeConfigurations = 6;

template <class T>
T field(const Json& j, const std::string& key, T fallback, const std::string& where) {
  if (!j.contains(key)) return fallback;
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw Error(where + key + ": unexpected value " + j.at(key).dump());
  }
}

const Tensor& targets(const datasets::Dataset& d, const nn::Sequential& model, Tensor& one_hot) {
  if (model.loss_name() != "categorical_crossentropy") return d.y;
  one_hot = d.one_hot();
  return one_hot;
}

}  // namespace

TuneJob::~TuneJob() = default;

TuneJob::TuneJob(const Json& config, std::ostream* log) : config_(config), log_(log) {
  check(config_.is_object(), "config: expected a JSON object");
  static const std::set<std::string> kKnown = {"data", "model", "compile", "space", "search", "fit", "repo_dir",
                                               "seed", "max_consecutive_failures", "evaluate_test", "top",
                                               "description", "device"};
  for (const auto& [key, value] : config_.items())
    check(kKnown.count(key) > 0, "config: unknown field '" + key +
                                     "' (expected data, model, compile, space, search, fit, repo_dir, seed, ...)");
  for (const char* key : {"data", "model", "compile", "space", "search", "repo_dir"})
    check(config_.contains(key), std::string("config: missing \"") + key + "\"");

  seed_ = field<uint64_t>(config_, "seed", 0, "config.");
  device_ = parse_device(field<std::string>(config_, "device", "cpu", "config."));
  std::string why;
  check(device_available(device_, &why), "config.device: " + device_.str() + " cannot be used: " + why);
  max_failures_ = field<int>(config_, "max_consecutive_failures", 5, "config.");
  evaluate_test_ = field<bool>(config_, "evaluate_test", true, "config.");
  top_ = field<size_t>(config_, "top", 10, "config.");
  check(config_.at("repo_dir").is_string() && !config_.at("repo_dir").get<std::string>().empty(),
        "config.repo_dir: expected a directory path");
  repo_dir_ = config_.at("repo_dir").get<std::string>();

  space_ = Space::from_json(config_.at("space"));
  const Json& search = config_.at("search");
  plan_ = make_search(search, {"objective", "cv"});
  objective_ = field<std::string>(search, "objective", "val_loss", "search.");
  folds_ = field<int>(search, "cv", 1, "search.");
  check(folds_ >= 1, "search.cv: the number of folds must be >= 1");
  check(objective_.rfind("val_", 0) == 0 || objective_ == "loss" || objective_ == "accuracy",
        "search.objective: expected a metric such as val_loss or val_accuracy, got '" + objective_ + "'");
  const Json fit = config_.value("fit", Json::object());
  for (const auto& [key, value] : fit.items())
    check(key == "batch_size" || key == "steps_per_epoch" || key == "validation_steps",
          "fit: unknown field '" + key + "' (expected batch_size, steps_per_epoch, validation_steps)");
  batch_size_ = field<int64_t>(fit, "batch_size", 128, "fit.");
  steps_per_epoch_ = field<int64_t>(fit, "steps_per_epoch", 0, "fit.");
  validation_steps_ = field<int64_t>(fit, "validation_steps", 0, "fit.");
  check(batch_size_ >= 1, "fit.batch_size must be >= 1");
  check(steps_per_epoch_ >= 0 && validation_steps_ >= 0, "fit: steps must be >= 0");
  check(steps_per_epoch_ == 0 || folds_ == 1, "fit.steps_per_epoch (generators) cannot be combined with search.cv");

  // repo_dir must be writable before anything is loaded or trained.
  { Journal probe(repo_dir_); }

  Json data_config = config_.at("data");
  if (folds_ > 1 && !data_config.contains("validation_split")) data_config["validation_split"] = 0.0;
  data_ = load_data(data_config, seed_);
  model_ = std::make_unique<ModelConfig>(config_.at("model"), config_.at("compile"), space_,
                                         data_.train.sample_shape());

  // Build (without training) a few configurations: bad layer fields or values show up now.
  Rng probe(seed_, kProbeStream);
  for (int k = 0; k < kProbeConfigurations; ++k) {
    Params hp = space_.sample(probe);
    try {
      nn::Sequential m = model_->build(hp, seed_);
      check(m.output_shape().size() >= 1, "the model has no output");
    } catch (const std::exception& e) {
      throw Error(std::string(e.what()) + "\n  (while building the model for " + to_string(hp) + ")");
    }
  }
}

TuneReport TuneJob::run() {
  ModelFunction build = [this](const Params& hp, uint64_t seed) { return model_->build(hp, seed); };
  ModelObjectiveOptions options{.objective = objective_, .batch_size = batch_size_, .folds = folds_,
                                .fold_seed = seed_, .num_classes = data_.num_classes(), .device = device_};
  ModelObjective objective =
      steps_per_epoch_ > 0
          ? ModelObjective(build,
                           datasets::generator_data(data_, {.batch_size = batch_size_, .random_start = true},
                                                    steps_per_epoch_, validation_steps_),
                           options)
          : ModelObjective(build, data_, options);
  if (log_) {
    *log_ << "Data: " << data_.summary() << "\n";
    *log_ << "Search space:\n";
    for (const Dimension& d : space_) *log_ << "  " << d.describe() << "\n";
    *log_ << "Objective: " << objective_ << " (" << direction_name(objective.direction()) << ")"
          << (folds_ > 1 ? ", mean over " + std::to_string(folds_) + " folds" : "") << "; repo_dir: "
          << repo_dir_.string() << "\n";
  }
  Study study(space_, objective, {.repo_dir = repo_dir_, .seed = seed_, .max_consecutive_failures = max_failures_,
                                  .log = log_});
  TuneReport report{study.run(*plan_.scheduler), std::nullopt, 0};

  if (log_) {
    *log_ << "\nResults (best first; all trials in " << (repo_dir_ / Results::kCsvName).string() << "):\n";
    report.results.print(*log_, top_);
  }
  if (!report.results.has_best()) {
    if (log_) *log_ << "No trial completed: there is no best model.\n";
    return report;
  }
  const Trial& best = report.results.best();
  if (log_)
    *log_ << "\nBest: trial " << best.id << " " << best.params << ", " << objective_ << " = " << *best.value
          << " after " << best.budget << " epochs; model in " << report.results.best_checkpoint().string() << "\n";
  if (evaluate_test_ && !data_.test.empty() && fs::exists(report.results.best_checkpoint())) {
    nn::Sequential model = nn::Sequential::load(report.results.best_checkpoint().string());
    Tensor one_hot;
    report.test = model.evaluate(data_.test.x, targets(data_.test, model, one_hot), batch_size_);
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
