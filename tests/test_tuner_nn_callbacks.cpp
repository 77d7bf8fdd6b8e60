// Callbacks and the objective's mode with real models: a model that overfits
// is scored by its best epoch and best_model.ckpt holds that epoch's weights;
// EarlyStopping inside a Hyperband rung completes the trial with the epochs
// it trained; ReduceLROnPlateau keeps its state across a trial's epochs;
// each configuration's batch size; a trial interrupted mid-way resumes with
// its callbacks' state replayed, exactly.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "datasets/splits.hpp"
#include "datasets/synthetic.hpp"
#include "fresh_dir.hpp"
#include "nn/nn.hpp"
#include "tuner/integration/model_objective.hpp"
#include "tuner/proposers/grid_search.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/storage/storage_error.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace ds = tunet::datasets;
namespace fs = std::filesystem;

namespace {

using testing::fresh_dir;

// Blobs whose validation labels are rotated by one class: the better a model
// fits the training data, the worse its val_loss, so every model "overfits"
// and its best epoch comes early.
ds::Splits misleading_blobs() {
  ds::Dataset all = ds::gaussian_blobs({.samples_per_class = 40, .classes = 3, .stddev = 1.0, .seed = 5});
  ds::TrainValidation tv = ds::train_validation_split(all, 0.25, 1);
  Tensor rotated = tv.validation.y.clone();
  for (int64_t i = 0; i < rotated.dim(0); ++i) rotated.at({i}) = std::fmod(rotated.at({i}) + 1.0f, 3.0f);
  tv.validation.y = rotated;
  return ds::Splits{tv.train, tv.validation, {}};
}

nn::Sequential mlp(const Params& hp, uint64_t seed) {
  nn::Sequential m({2}, seed);
  m.add(nn::Dense(8, "relu"));
  m.add(nn::Dense(3, "softmax"));
  m.compile(nn::Adam({.learning_rate = hp.real("learning_rate")}), "sparse_categorical_crossentropy");
  return m;
}

// results.csv without its wall-time column (the one thing allowed to differ).
std::string without_time(const std::string& csv) {
  std::istringstream in(csv);
  std::string line, out;
  int wall = -1;
  while (std::getline(in, line)) {
    std::stringstream cells(line);
    std::string cell;
    for (int c = 0; std::getline(cells, cell, ','); ++c) {
      if (wall < 0 && cell == "wall_s") wall = c;
      if (c != wall) out += cell + ",";
    }
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("an overfitting model is scored by its best epoch, and best_model.ckpt holds that epoch's weights") {
  const ds::Splits data = misleading_blobs();
  ModelObjective objective(mlp, data, {.objective = "val_loss", .batch_size = 16});
  const fs::path repo = fresh_dir("callbacks_best_epoch");
  GridSearch grid;
  const Results r =
      Study(Space{Categorical("learning_rate", {0.05})}, objective, {.repo_dir = repo, .seed = 2}).run(grid, 6);
  const Trial& t = r.best();
  REQUIRE(t.history.size() == 6);
  double best = INFINITY, last = t.history.back().metric("val_loss").value();
  for (const EpochRecord& e : t.history) best = std::min(best, *e.metric("val_loss"));
  REQUIRE(best < last);  // the last epoch is worse: the model overfits
  CHECK(*t.value == best);
  CHECK(t.value_epoch < 6);
  nn::Sequential saved = nn::Sequential::load(r.best_checkpoint().string());
  CHECK(saved.epochs_trained() == t.value_epoch);
  const nn::Logs logs = saved.evaluate(data.validation.x, data.validation.y);
  CHECK(logs.at("loss") == doctest::Approx(best).epsilon(1e-5));
  // The trial's last checkpoint (its training state) is still the last epoch's.
  CHECK(nn::Sequential::load((repo / t.checkpoint).string()).epochs_trained() == 6);
}

TEST_CASE("EarlyStopping inside a Hyperband rung: completed with the epochs it trained") {
  const ds::Splits data = misleading_blobs();
  ModelObjective objective(
      mlp, data,
      {.objective = "val_loss", .batch_size = 16, .callbacks = [] {
         return nn::Callbacks{std::make_shared<nn::EarlyStopping>(nn::EarlyStoppingConfig{.patience = 1})};
       }});
  const fs::path repo = fresh_dir("callbacks_hyperband");
  Hyperband hyperband({.R = 9, .eta = 3});
  const Results r = Study(Space{Real("learning_rate", 0.02, 0.1, Prior::LogUniform)}, objective,
                          {.repo_dir = repo, .seed = 3})
                        .run(hyperband);
  int stopped = 0, trained = 0, budgeted = 0;
  for (const Trial& t : r.trials()) {
    REQUIRE(t.status == TrialStatus::Completed);
    CHECK(static_cast<int>(t.history.size()) == t.epochs_trained());
    trained += t.epochs_trained();
    budgeted += t.budget - t.initial_epoch;
    if (t.stop_reason.empty()) continue;
    ++stopped;
    CHECK(t.stop_reason.find("EarlyStopping") != std::string::npos);
    CHECK(t.last_epoch() < t.budget);
    CHECK(nn::Sequential::load((repo / t.checkpoint).string()).epochs_trained() == t.last_epoch());
  }
  CHECK(stopped > 0);
  CHECK(trained < budgeted);
  CHECK(Results::load(repo).csv() == r.csv());
}

TEST_CASE("callbacks keep their state across a trial's epochs; each configuration's batch size") {
  const ds::Splits data = misleading_blobs();  // 90 training samples
  std::vector<int> batches;                    // per epoch, over every trial
  std::vector<double> learning_rates;
  ModelObjective objective(
      mlp, data,
      {.objective = "val_loss",
       .batch_size_of = [](const Params& hp) { return hp.integer("batch_size"); },
       .callbacks = [&] {
         auto count = std::make_shared<nn::LambdaCallback>(nn::LambdaCallbackConfig{
             .on_epoch_begin = [&](int, nn::Sequential&) { batches.push_back(0); },
             .on_batch_end = [&](int, const nn::Logs&, nn::Sequential&) { ++batches.back(); },
             .on_epoch_end = [&](int, const nn::Logs&, nn::Sequential& m) {
               learning_rates.push_back(m.optimizer()->learning_rate());
             }});
         // patience 1, cooldown 0: every epoch that does not improve halves the rate.
         auto reduce = std::make_shared<nn::ReduceLROnPlateau>(
             nn::ReduceLROnPlateauConfig{.factor = 0.5, .patience = 1, .min_delta = 0});
         return nn::Callbacks{reduce, count};
       }});
  GridSearch grid;
  const Results r = Study(Space{Categorical("learning_rate", {0.05}),
                                Categorical("batch_size", {std::int64_t{30}, std::int64_t{45}})},
                          objective, {.repo_dir = fresh_dir("callbacks_state"), .seed = 4})
                        .run(grid, 3);
  REQUIRE(r.trials().size() == 2);
  CHECK(batches == std::vector<int>{3, 3, 3, 2, 2, 2});  // 90 / 30, then 90 / 45
  // The rate after each epoch of the first trial, from its recorded val_loss.
  double best = INFINITY, rate = 0.05;
  for (size_t e = 0; e < 3; ++e) {
    const double v = *r.trials()[0].history[e].metric("val_loss");
    if (v < best) best = v;
    else rate *= 0.5;
    CHECK(learning_rates.at(e) == doctest::Approx(rate));
  }
}

TEST_CASE("a trial interrupted mid-way resumes with its callbacks' state: the same table as without the interruption") {
  const ds::Splits data = misleading_blobs();
  bool fail_once = false;  // the disk "fails" once, in the third epoch of the first trial
  auto search = [&](const fs::path& repo) {
    ModelObjective objective(
        mlp, data,
        {.objective = "val_loss", .batch_size = 16, .callbacks = [&] {
           auto disk = std::make_shared<nn::LambdaCallback>(nn::LambdaCallbackConfig{
               .on_epoch_end = [&](int epoch, const nn::Logs&, nn::Sequential&) {
                 if (fail_once && epoch == 2) {
                   fail_once = false;
                   throw StorageError("simulated disk failure");
                 }
               }});
           return nn::Callbacks{
               std::make_shared<nn::EarlyStopping>(nn::EarlyStoppingConfig{.patience = 2}),
               std::make_shared<nn::ReduceLROnPlateau>(nn::ReduceLROnPlateauConfig{.factor = 0.5, .patience = 1}),
               disk};
         }});
    GridSearch grid;
    return Study(Space{Categorical("learning_rate", {0.05, 0.02})}, objective, {.repo_dir = repo, .seed = 6})
        .run(grid, 8);
  };
  const Results reference = search(fresh_dir("callbacks_reference"));
  // val_loss worsens after the first epoch: EarlyStopping (patience 2) ends the first trial after epoch 3,
  // counting the epochs before the interruption.
  REQUIRE(reference.trials()[0].last_epoch() < 8);

  const fs::path repo = fresh_dir("callbacks_interrupted");
  fail_once = true;
  CHECK_THROWS_AS(search(repo), StorageError);
  REQUIRE(Results::load(repo).trials().at(0).history.size() == 2);  // two epochs journaled, the third lost
  const Results resumed = search(repo);
  CHECK(without_time(resumed.csv()) == without_time(reference.csv()));
}
