// The nn adapter: a model function + data -> a resumable objective. Hyperband
// survivors continue their saved model (Sequential save/load), the best model
// is kept in repo_dir and loads back, k-fold scores aggregate, and broken
// configurations fail with a reason instead of stopping the search.
#include <doctest/doctest.h>

#include <filesystem>

#include "core/error.hpp"
#include "datasets/splits.hpp"
#include "datasets/synthetic.hpp"
#include "fresh_dir.hpp"
#include "nn/nn.hpp"
#include "tuner/integration/model_objective.hpp"
#include "tuner/proposers/grid_search.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace ds = tunet::datasets;
namespace fs = std::filesystem;

namespace {

using testing::fresh_dir;

ds::Splits blobs() {
  ds::Dataset all = ds::gaussian_blobs({.samples_per_class = 60, .classes = 3, .stddev = 1.5, .seed = 4});
  ds::TrainValidation tv = ds::train_validation_split(all, 0.25, 1);
  return ds::Splits{tv.train, {}, tv.validation}.split_validation(0.25, 2);
}

nn::Sequential mlp(const Params& hp, uint64_t seed) {
  nn::Sequential m({2}, seed);
  m.add(nn::Dense(hp.integer("units"), "relu"));
  m.add(nn::Dense(3, "softmax"));
  m.compile(nn::Adam({.learning_rate = hp.real("learning_rate")}), "categorical_crossentropy", {"accuracy"});
  return m;
}

}  // namespace

TEST_CASE("Hyperband over real models: survivors continue from their checkpoint") {
  ds::Splits data = blobs();
  Space space{Categorical("units", {std::int64_t{4}, std::int64_t{8}, std::int64_t{16}}),
              Real("learning_rate", 1e-3, 1e-1, Prior::LogUniform)};
  ModelObjective objective(mlp, data, {.objective = "val_accuracy", .batch_size = 16});
  CHECK(objective.direction() == Direction::Maximize);
  fs::path repo = fresh_dir("nn_hyperband");
  Hyperband hyperband({.R = 3, .eta = 3});
  Results r = Study(space, objective, {.repo_dir = repo, .seed = 7}).run(hyperband);
  REQUIRE(r.trials().size() == 3 + 1 + 2);  // R=3: 3@1 -> 1@3; 2@3

  for (const Trial& t : r.trials()) {
    REQUIRE(t.ok());
    REQUIRE_FALSE(t.checkpoint.empty());
    // The checkpoint holds the whole model: trained for exactly the trial's budget.
    nn::Sequential saved = nn::Sequential::load((repo / t.checkpoint).string());
    CHECK(saved.epochs_trained() == t.budget);
    CHECK(t.history.front().epoch == t.initial_epoch + 1);
    CHECK(t.history.back().metric("val_loss").has_value());
  }
  const Trial& continued = r.trials()[3];
  CHECK(continued.resumed_from.has_value());
  CHECK(continued.initial_epoch == 1);
  CHECK(continued.history.size() == 2);

  // The best model is on disk and scores what the table says on validation.
  nn::Sequential best = nn::Sequential::load(r.best_checkpoint().string());
  nn::Logs logs = best.evaluate(data.validation.x, data.validation.one_hot());
  CHECK(logs.at("accuracy") == doctest::Approx(*r.best().value).epsilon(1e-6));
}

TEST_CASE("k-fold cross-validation trains one model per fold and reports mean and spread") {
  ds::Splits data = blobs();
  Space space{Categorical("units", {std::int64_t{8}}), Categorical("learning_rate", {0.01, 0.05})};
  ModelObjective objective(mlp, data, {.objective = "val_accuracy", .batch_size = 16, .folds = 3});
  GridSearch grid;
  Results r = Study(space, objective, {.repo_dir = fresh_dir("nn_kfold"), .seed = 1}).run(grid, 2);
  REQUIRE(r.trials().size() == 2);
  for (const Trial& t : r.trials()) {
    REQUIRE(t.ok());
    CHECK(t.fold_values.size() == 3);
    double mean = (t.fold_values[0] + t.fold_values[1] + t.fold_values[2]) / 3;
    CHECK(*t.value == doctest::Approx(mean));
  }
}

TEST_CASE("Broken configurations fail with their reason; the search goes on") {
  ds::Splits data = blobs();
  Space space{Categorical("units", {std::int64_t{8}, std::int64_t{-1}}),
              Categorical("learning_rate", {0.01})};
  // units = -1 makes nn refuse the layer: that trial fails, the other completes.
  ModelObjective objective(mlp, data, {.objective = "val_loss", .batch_size = 16});
  GridSearch grid;
  Results r = Study(space, objective, {.repo_dir = fresh_dir("nn_broken")}).run(grid, 1);
  REQUIRE(r.trials().size() == 2);
  CHECK(r.trials()[0].ok());
  CHECK(r.trials()[1].status == TrialStatus::Failed);
  CHECK_FALSE(r.trials()[1].failure.empty());
  CHECK(r.best().id == 0);

  ModelObjective uncompiled([](const Params&, uint64_t) { return nn::Sequential({2}); }, data,
                            {.objective = "val_loss"});
  RandomSearch one({.n_trials = 1});
  Results u = Study(space, uncompiled, {.repo_dir = fresh_dir("nn_uncompiled")}).run(one, 1);
  CHECK(u.trials()[0].failure.find("compiled model") != std::string::npos);
}

TEST_CASE("Generators (Hobbit's generator_function) feed the same objective") {
  ds::Splits data = blobs();
  ds::GeneratorData gen = ds::generator_data(data, {.batch_size = 16, .random_start = true}, 4, 2);
  Space space{Categorical("units", {std::int64_t{8}}), Categorical("learning_rate", {0.02})};
  ModelObjective objective(mlp, gen, {.objective = "val_loss", .num_classes = 3});
  RandomSearch one({.n_trials = 1});
  Results r = Study(space, objective, {.repo_dir = fresh_dir("nn_generator")}).run(one, 2);
  REQUIRE(r.trials()[0].ok());
  CHECK(r.trials()[0].history.size() == 2);
}
