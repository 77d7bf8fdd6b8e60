#pragma once
// Refit, scikit-learn's GridSearchCV(refit=True): after a cross-validated
// search, the best configuration is trained once more on the whole training
// set (every fold), for as many epochs as its trial trained and with its
// trial's seed. That model is the search's best model (best_model.ckpt) and
// the one evaluated, once, on the test set. Without refit the best model of a
// k-fold search is its fold-0 model, trained on (k-1)/k of the data.
//
//   RefitOptions o{.epochs = best.budget, .batch_size = 128, .seed = study.trial_seed(best.id)};
//   nn::Sequential model = refit(build, best.params, data.train, o);
//
// refit_best_model also keeps the result in repo_dir (refit_model.ckpt and
// refit.json naming the trial), so a search resumed after it finished trains
// nothing again, and copies it over best_model.ckpt.
#include <cstdint>
#include <filesystem>
#include <iosfwd>

#include "core/backend.hpp"
#include "datasets/dataset.hpp"
#include "nn/sequential.hpp"
#include "tuner/integration/model_objective.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

struct RefitOptions {
  int epochs = 1;
  int64_t batch_size = 128;
  uint64_t seed = 0;            // the model's initialisation, shuffling and dropout
  Device device = Device::CPU;
};

// The configuration `hp` built with options.seed and trained on all of `train`
// (no validation data: nothing is held out).
nn::Sequential refit(const ModelFunction& build, const Params& hp, const datasets::Dataset& train,
                     const RefitOptions& options);

inline constexpr const char* kRefitModelName = "refit_model.ckpt";
inline constexpr const char* kRefitRecordName = "refit.json";

// Refits `best` (options as above) unless repo_dir already holds its refit
// model, then copies that model to best_model.ckpt. Returns whether it trained.
bool refit_best_model(const ModelFunction& build, const Trial& best, const datasets::Dataset& train,
                      const RefitOptions& options, const std::filesystem::path& repo_dir, std::ostream* log);

}  // namespace tunet::tuner
