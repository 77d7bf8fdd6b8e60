// Refit after cross-validation (GridSearchCV(refit=True)): the results table
// keeps each configuration's mean and std over the folds, and the best model
// is the best configuration trained on the whole training set (every fold),
// not fold 0's model; it is what the test set evaluates, and a resumed search
// does not train it again.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "datasets/synthetic.hpp"
#include "fresh_dir.hpp"
#include "nn/sequential.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/integration/model_config.hpp"
#include "tuner/integration/refit.hpp"
#include "tuner/integration/tune_config.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;
using tunet::testing::fresh_dir;

namespace {

Json blobs_config(const fs::path& repo, bool refit) {
  Json c = parse_config(R"({
    "data": {"name": "gaussian_blobs", "samples_per_class": 40},
    "model": [{"layer": "dense", "units": 8, "activation": "relu", "input_shape": [2]},
              {"layer": "dense", "units": 3, "activation": "softmax"}],
    "compile": {"optimizer": {"name": "adam", "learning_rate": "$learning_rate"},
                "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
    "space": {"learning_rate": {"type": "choice", "values": [0.003, 0.03]}},
    "search": {"algorithm": "grid", "epochs": 3, "cv": 3},
    "fit": {"batch_size": 16},
    "repo_dir": "",
    "seed": 5
  })", "blobs.json");
  c["repo_dir"] = repo.string();
  c["search"]["refit"] = refit;
  return c;
}

bool same(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape()) return false;
  for (int64_t i = 0; i < a.numel(); ++i)
    if (a.data()[i] != b.data()[i]) return false;
  return true;
}

// What refit must equal: the configuration built with `seed` and trained once on all of `train`.
nn::Sequential trained_directly(const Json& config, const Params& hp, const datasets::Dataset& train, int epochs,
                                uint64_t seed) {
  const Space space = Space::from_json(config["space"]);
  ModelConfig model(config["model"], config["compile"], space, train.sample_shape());
  nn::Sequential m = model.build(hp, seed);
  nn::FitOptions fit;
  fit.epochs = epochs;
  fit.batch_size = 16;
  fit.verbose = 0;
  fit.seed = seed;
  m.fit(train.x, train.y, fit);
  return m;
}

}  // namespace

TEST_CASE("refit() is a training on the whole set with the given seed") {
  const datasets::Dataset train = datasets::gaussian_blobs({.samples_per_class = 30, .classes = 3, .seed = 2});
  const Json config = blobs_config(fresh_dir("refit_unused"), true);
  ModelConfig model(config["model"], config["compile"], Space::from_json(config["space"]), train.sample_shape());
  ModelFunction build = [&](const Params& hp, uint64_t seed) { return model.build(hp, seed); };
  Params hp;
  hp.set("learning_rate", 0.03);
  nn::Sequential refitted = refit(build, hp, train, {.epochs = 2, .batch_size = 16, .seed = 99});
  nn::Sequential direct = trained_directly(config, hp, train, 2, 99);
  CHECK(same(refitted.predict(train.x), direct.predict(train.x)));
  nn::Sequential on_part = trained_directly(config, hp, train.take(60), 2, 99);
  CHECK(!same(refitted.predict(train.x), on_part.predict(train.x)));
}

TEST_CASE("Cross-validation: mean and std per configuration, then the best refitted on every fold") {
  const fs::path repo = fresh_dir("refit_cv");
  const Json config = blobs_config(repo, true);
  std::ostringstream log;
  TuneJob job(config, &log);
  const TuneReport report = job.run();
  REQUIRE(report.results.has_best());
  for (const Trial& t : report.results.trials()) {
    CHECK(t.fold_values.size() == 3);
    CHECK(t.value_std() >= 0);
  }
  // GridSearchCV's mean_test_score / std_test_score: the table has both.
  std::ostringstream table;
  report.results.print(table, 0);
  CHECK(table.str().find("std") != std::string::npos);

  const Trial& best = report.results.best();
  CHECK(fs::exists(repo / kRefitModelName));
  CHECK(log.str().find("Refit: trial " + std::to_string(best.id)) != std::string::npos);
  CHECK(log.str().find("(" + std::to_string(job.data().train.size()) + " samples") != std::string::npos);

  // best_model.ckpt is the whole-training-set model, with the best trial's seed and epochs.
  FunctionObjective unused([](const Params&, int, TrialContext&) { return 0.0; });
  const Study study(job.space(), unused, {.repo_dir = repo, .seed = 5});  // for its trial seeds
  std::ifstream record_file(repo / kRefitRecordName);
  const Json record = Json::parse(record_file);
  CHECK(record["trial"] == best.id);
  CHECK(record["seed"] == study.trial_seed(best.id));
  CHECK(record["samples"] == job.data().train.size());
  const int epochs = record["epochs"].get<int>();
  CHECK(epochs >= 1);
  CHECK(epochs <= best.budget);  // the trial's epochs (its best epoch's, when it scores its best)
  nn::Sequential direct = trained_directly(config, best.params, job.data().train, epochs, study.trial_seed(best.id));
  nn::Sequential saved = nn::Sequential::load(report.results.best_checkpoint().string());
  CHECK(same(saved.predict(job.data().train.x), direct.predict(job.data().train.x)));
  // ... and not fold 0's model, which the trial's checkpoint holds.
  nn::Sequential fold0 = nn::Sequential::load((repo / best.checkpoint).string());
  CHECK(!same(saved.predict(job.data().train.x), fold0.predict(job.data().train.x)));
  // The test set evaluated that model once.
  REQUIRE(report.test.has_value());
  CHECK(report.test_samples == job.data().test.size());

  // Resuming the finished search trains nothing, the refit included.
  std::ostringstream again;
  TuneJob resumed(config, &again);
  resumed.run();
  CHECK(again.str().find("already holds trial " + std::to_string(best.id)) != std::string::npos);
  nn::Sequential kept = nn::Sequential::load(report.results.best_checkpoint().string());
  CHECK(same(kept.predict(job.data().train.x), direct.predict(job.data().train.x)));
}

TEST_CASE("\"refit\": false keeps fold 0's model as the best model") {
  const fs::path repo = fresh_dir("refit_off");
  TuneJob job(blobs_config(repo, false));
  const TuneReport report = job.run();
  CHECK(!fs::exists(repo / kRefitModelName));
  const Trial& best = report.results.best();
  nn::Sequential saved = nn::Sequential::load(report.results.best_checkpoint().string());
  nn::Sequential fold0 = nn::Sequential::load((repo / best.checkpoint).string());
  CHECK(same(saved.predict(job.data().train.x), fold0.predict(job.data().train.x)));
}
