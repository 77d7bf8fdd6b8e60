#pragma once
// A whole search from a config file: what `tunet tune CONFIG.json` runs.
//
//   Json config = read_config("examples/fashion_mlp_hyperband.json");
//   TuneJob job(config);            // validates everything, loads the data
//   TuneReport report = job.run();  // schedule, progress, ranked table, test accuracy
//
// The config (see examples/ and docs/tuner.md):
//   {"data":    {...}  (tuner/adapter/data_config.hpp),
//    "model":   [...], "compile": {...}  (tuner/adapter/model_config.hpp),
//    "space":   {...}  (tuner/space.hpp),
//    "search":  {"algorithm": ..., "objective": "val_loss", "cv": 3, ...} (tuner/search_config.hpp),
//    "fit":     {"batch_size": 128, "steps_per_epoch": 100, "validation_steps": 20},
//    "repo_dir": "runs/name", "seed": 1, "device": "cpu" | "cuda" | "cuda:N",
//    "max_consecutive_failures": 5, "evaluate_test": true, "top": 10}
//
// With "steps_per_epoch" an epoch is that many batches from a generator that
// starts at a random place (Hobbit's advice for short epochs over large data);
// "validation_steps" batches of validation data are evaluated (0: all).
//
// Everything that can be checked is checked in the constructor, before any
// training: unknown fields, the space, references from the model to the
// space, out-of-range values, the layers themselves (a few configurations
// are built without training), and that repo_dir can be written.
#include <cstddef>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "datasets/splits.hpp"
#include "nn/callback.hpp"
#include "tuner/adapter/model_config.hpp"
#include "tuner/json.hpp"
#include "tuner/results.hpp"
#include "tuner/search_config.hpp"
#include "tuner/space.hpp"

namespace tunet::tuner {

struct TuneReport {
  Results results;
  std::optional<nn::Logs> test;  // the best model on the test set, when evaluated
  int64_t test_samples = 0;
};

class TuneJob {
 public:
  // `log`: where the schedule, progress and tables go (nullptr: silent).
  explicit TuneJob(const Json& config, std::ostream* log = nullptr);
  ~TuneJob();

  TuneReport run();

  const Space& space() const { return space_; }
  const datasets::Splits& data() const { return data_; }
  const std::filesystem::path& repo_dir() const { return repo_dir_; }

 private:
  Json config_;
  std::ostream* log_;
  Space space_;
  SearchPlan plan_;
  std::filesystem::path repo_dir_;
  uint64_t seed_ = 0;
  Device device_ = Device::CPU;
  std::string objective_ = "val_loss";
  int folds_ = 1;
  int64_t batch_size_ = 128;
  int64_t steps_per_epoch_ = 0;   // 0: whole passes over the arrays
  int64_t validation_steps_ = 0;
  int max_failures_ = 5;
  bool evaluate_test_ = true;
  size_t top_ = 10;
  datasets::Splits data_;
  std::unique_ptr<ModelConfig> model_;
};

}  // namespace tunet::tuner
