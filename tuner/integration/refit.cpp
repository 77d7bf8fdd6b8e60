#include "tuner/integration/refit.hpp"

#include <fstream>
#include <ostream>

#include "core/error.hpp"
#include "tuner/config/json.hpp"
#include "tuner/storage/atomic_file.hpp"
#include "tuner/study/results.hpp"

namespace tunet::tuner {

namespace fs = std::filesystem;

nn::Sequential refit(const ModelFunction& build, const Params& hp, const datasets::Dataset& train,
                     const RefitOptions& options) {
  check(!train.empty(), "refit: the training set is empty");
  check(options.epochs >= 1, "refit: epochs must be >= 1, got " + std::to_string(options.epochs));
  nn::Sequential model = build(hp, options.seed);
  check(model.compiled(), "refit: the model function must return a compiled model");
  model.to(options.device);
  nn::FitOptions fit;
  fit.epochs = options.epochs;
  fit.batch_size = options.batch_size;
  fit.verbose = 0;
  fit.seed = options.seed;
  const Tensor targets = model.loss_name() == "categorical_crossentropy" ? train.one_hot() : train.y;
  nn::History history = model.fit(train.x, targets, fit);
  check(history.stop_reason.empty(), "refit: training stopped: " + history.stop_reason);
  return model;
}

bool refit_best_model(const ModelFunction& build, const Trial& best, const datasets::Dataset& train,
                      const RefitOptions& options, const fs::path& repo_dir, std::ostream* log) {
  const Json record = {{"trial", best.id}, {"params", best.params.to_json()}, {"epochs", options.epochs},
                       {"seed", options.seed}, {"samples", train.size()}};
  const fs::path model_path = repo_dir / kRefitModelName, record_path = repo_dir / kRefitRecordName;
  bool kept = false;
  if (fs::exists(model_path) && fs::exists(record_path)) {
    std::ifstream in(record_path);
    const Json recorded = Json::parse(in, nullptr, /*allow_exceptions=*/false);
    kept = recorded == record;
  }
  if (!kept) {
    if (log)
      *log << "Refit: trial " << best.id << "'s configuration on the whole training set (" << train.size()
           << " samples, " << options.epochs << " epochs)\n";
    nn::Sequential model = refit(build, best.params, train, options);
    write_file_atomically(model_path, [&](const fs::path& tmp) { model.save(tmp.string()); });
    write_file_atomically(record_path, record.dump(2) + "\n");
  } else if (log) {
    *log << "Refit: " << model_path.string() << " already holds trial " << best.id << "'s refit model\n";
  }
  copy_file_atomically(model_path, repo_dir / Results::kBestModelName);
  return !kept;
}

}  // namespace tunet::tuner
