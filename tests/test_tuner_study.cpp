// The study loop: journal and replay, resume without re-running finished
// trials, refusal of a repo_dir from another search, failures (exceptions,
// NaN) that are recorded and never best, the consecutive-failure stop,
// checkpointed training runs with continuation and k-fold aggregation.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/proposers/grid_search.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

using testing::fresh_dir;

// A stand-in for a network: its state is a number that moves towards the
// configuration's target each epoch; val_loss is the distance left.
class FakeRun : public TrainingRun {
 public:
  FakeRun(double target, double fold_shift, int* epochs_trained)
      : target_(target + fold_shift), epochs_trained_(epochs_trained) {}
  Metrics train_epoch(int) override {
    ++*epochs_trained_;
    state_ += 0.5 * (target_ - state_);
    ++epochs_;
    return {{"loss", std::abs(target_ - state_) * 1.1}, {"val_loss", std::abs(target_ - state_) + 0.01 * epochs_}};
  }
  void save(const fs::path& path) override { std::ofstream(path) << state_ << " " << epochs_; }
  void load(const fs::path& path) override {
    std::ifstream in(path);
    in >> state_ >> epochs_;
    REQUIRE(in);
  }

 private:
  double target_;
  double state_ = 0;
  int epochs_ = 0;
  int* epochs_trained_;
};

}  // namespace

TEST_CASE("A finished study resumes without running anything again") {
  Space space{Real("x", -1.0, 1.0), Categorical("kind", {"a", "b"})};
  int calls = 0;
  FunctionObjective objective([&](const Params& hp, int, TrialContext&) {
    ++calls;
    return std::pow(hp.real("x") - 0.2, 2) + (hp.str("kind") == "a" ? 0.0 : 0.1);
  });
  fs::path repo = fresh_dir("resume_finished");
  RandomSearch random({.n_trials = 12});
  Results first = Study(space, objective, {.repo_dir = repo, .seed = 9}).run(random, 1);
  CHECK(calls == 12);
  RandomSearch again({.n_trials = 12});
  Results second = Study(space, objective, {.repo_dir = repo, .seed = 9}).run(again, 1);
  CHECK(calls == 12);
  CHECK(second.csv() == first.csv());
  CHECK(Results::load(repo).csv() == first.csv());
  CHECK(fs::exists(repo / "results.csv"));

  // More trials on the same repo_dir is another search: refused, not mixed.
  RandomSearch more({.n_trials = 20});
  CHECK_THROWS_WITH_AS(Study(space, objective, {.repo_dir = repo, .seed = 9}).run(more, 1),
                       doctest::Contains("holds a search with another algorithm"), Error);
  RandomSearch same({.n_trials = 12});
  CHECK_THROWS_WITH_AS(Study(space, objective, {.repo_dir = repo, .seed = 10}).run(same, 1),
                       doctest::Contains("another seed"), Error);
  Space other{Real("x", -2.0, 1.0), Categorical("kind", {"a", "b"})};
  CHECK_THROWS_WITH_AS(Study(other, objective, {.repo_dir = repo, .seed = 9}).run(same, 1),
                       doctest::Contains("another space"), Error);
  CHECK(calls == 12);
}

TEST_CASE("An unwritable repo_dir is an error before any trial runs") {
  fs::path file = fresh_dir("not_a_dir");
  fs::create_directories(file.parent_path());
  std::ofstream(file) << "a file, not a directory";
  int calls = 0;
  FunctionObjective objective([&](const Params&, int, TrialContext&) { return double(++calls); });
  RandomSearch random({.n_trials = 3});
  CHECK_THROWS_WITH_AS(Study(Space{Real("x", 0.0, 1.0)}, objective, {.repo_dir = file / "repo"}).run(random, 1),
                       doctest::Contains("cannot create repo_dir"), Error);
  CHECK(calls == 0);
}

TEST_CASE("Failed and NaN trials are recorded with their reason and are never best") {
  Space space{Categorical("mode", {"ok", "nan", "inf", "throw"})};
  FunctionObjective objective([](const Params& hp, int, TrialContext&) {
    const std::string& mode = hp.str("mode");
    if (mode == "nan") return std::nan("");
    if (mode == "inf") return -HUGE_VAL;  // would win a minimisation if it were let through
    if (mode == "throw") throw Error("out of memory in layer 3");
    return 2.5;
  });
  GridSearch grid;
  Results r = Study(space, objective, {.repo_dir = fresh_dir("failures")}).run(grid, 1);
  REQUIRE(r.trials().size() == 4);
  CHECK(r.best().params.str("mode") == "ok");
  CHECK(r.trials()[1].status == TrialStatus::Failed);
  CHECK(r.trials()[1].failure.find("not finite") != std::string::npos);
  CHECK(r.trials()[2].status == TrialStatus::Failed);
  CHECK(r.trials()[3].failure == "out of memory in layer 3");
  auto ranked = r.ranked();
  CHECK(ranked.front()->params.str("mode") == "ok");
  std::ostringstream table;
  r.print(table);
  CHECK(table.str().find("failed: out of memory in layer 3") != std::string::npos);
  CHECK(r.csv().find("failed,out of memory in layer 3") != std::string::npos);
}

TEST_CASE("The search stops after max_consecutive_failed_trials failures in a row") {
  int calls = 0;
  FunctionObjective objective([&](const Params&, int, TrialContext&) -> double {
    ++calls;
    throw std::runtime_error("no data");
  });
  RandomSearch random({.n_trials = 50});
  CHECK_THROWS_WITH_AS(Study(Space{Real("x", 0.0, 1.0)}, objective,
                             {.repo_dir = fresh_dir("stop"), .max_consecutive_failed_trials = 3})
                           .run(random, 1),
                       doctest::Contains("3 trials failed in a row"), Error);
  CHECK(calls == 3);
}

TEST_CASE("Training runs: checkpoints each epoch, survivors continue, the best model is kept") {
  Space space{Real("target", 0.0, 4.0)};
  int epochs = 0;
  TrainingObjective objective(
      [&](const Params& hp, int, const TrialContext&) {
        return std::make_unique<FakeRun>(hp.real("target"), 0.0, &epochs);
      },
      {.metric = "val_loss", .direction = Direction::Minimize, .mode = ObjectiveMode::Last});
  fs::path repo = fresh_dir("training");
  Hyperband hyperband({.R = 9, .eta = 3});
  Results r = Study(space, objective, {.repo_dir = repo, .seed = 3}).run(hyperband);
  CHECK(epochs == hyperband.schedule().total_continued);  // 69: nothing retrained from scratch
  for (const Trial& t : r.trials()) {
    CHECK(t.history.size() == static_cast<size_t>(t.budget - t.initial_epoch));
    CHECK(t.history.back().epoch == t.budget);
    CHECK(fs::exists(repo / t.checkpoint));
  }
  // (Scored by the last epoch.) A continued trial picks up its parent's state: its value equals the value
  // a single run trained for the whole budget would reach.
  const Trial& best = r.best();
  CHECK(fs::exists(r.best_checkpoint()));
  std::ifstream a(r.best_checkpoint()), b(repo / best.checkpoint);
  std::string sa((std::istreambuf_iterator<char>(a)), {}), sb((std::istreambuf_iterator<char>(b)), {});
  CHECK(sa == sb);
  double target = best.params.real("target"), state = 0;
  for (int e = 0; e < best.budget; ++e) state += 0.5 * (target - state);
  CHECK(*best.value == doctest::Approx(std::abs(target - state) + 0.01 * best.budget));
}

TEST_CASE("The std over folds is the population std, exactly 0 for equal folds") {
  Trial t;
  t.fold_values = {0.1, 0.1, 0.1};  // their float mean is not exactly 0.1
  CHECK(t.value_std() == 0.0);
  t.fold_values = {1.0, 2.0, 3.0, 4.0};  // var = 1.25
  CHECK(t.value_std() == doctest::Approx(std::sqrt(1.25)).epsilon(1e-15));
  t.fold_values = {};
  CHECK(t.value_std() == 0.0);
}

TEST_CASE("Training runs: a NaN metric fails the trial; k-fold values are aggregated") {
  Space space{Real("target", 0.0, 4.0)};
  int epochs = 0;
  TrainingObjective cv(
      [&](const Params& hp, int fold, const TrialContext&) {
        return std::make_unique<FakeRun>(hp.real("target"), 0.1 * fold, &epochs);
      },
      {.metric = "val_loss", .direction = Direction::Minimize, .folds = 3});
  RandomSearch random({.n_trials = 2});
  Results r = Study(space, cv, {.repo_dir = fresh_dir("kfold")}).run(random, 2);
  const Trial& t = r.trials()[0];
  REQUIRE(t.fold_values.size() == 3);
  CHECK(*t.value == doctest::Approx((t.fold_values[0] + t.fold_values[1] + t.fold_values[2]) / 3));
  CHECK(t.value_std() > 0);
  CHECK(epochs == 2 * 2 * 3);
  std::ostringstream table;
  r.print(table);
  CHECK(table.str().find("std") != std::string::npos);

  struct NanRun : TrainingRun {
    Metrics train_epoch(int) override { return {{"val_loss", std::nan("")}}; }
    void save(const fs::path& p) override { std::ofstream(p) << 0; }
    void load(const fs::path&) override {}
  };
  TrainingObjective nan_objective([](const Params&, int, const TrialContext&) { return std::make_unique<NanRun>(); },
                                  {.metric = "val_loss"});
  RandomSearch one({.n_trials = 1});
  Results n = Study(space, nan_objective, {.repo_dir = fresh_dir("nan_run")}).run(one, 3);
  CHECK(n.trials()[0].status == TrialStatus::Failed);
  CHECK(n.trials()[0].failure.find("epoch 1: val_loss is") != std::string::npos);
  CHECK_FALSE(n.has_best());
}

TEST_CASE("Maximised metrics rank by the largest value") {
  Space space{Categorical("acc", {0.7, 0.9, 0.8})};
  FunctionObjective objective([](const Params& hp, int, TrialContext&) { return hp.real("acc"); },
                              Direction::Maximize, "val_accuracy");
  GridSearch grid;
  Results r = Study(space, objective, {.repo_dir = fresh_dir("maximize")}).run(grid, 1);
  CHECK(r.best().params.real("acc") == 0.9);
  CHECK(r.ranked()[1]->params.real("acc") == 0.8);
  std::ostringstream out;
  r.print(out);
  CHECK(out.str().find("val_accuracy") != std::string::npos);
}

TEST_CASE("A journal line cut short by a crash is dropped; a damaged line elsewhere is an error") {
  Space space{Real("x", 0.0, 1.0)};
  int calls = 0;
  FunctionObjective objective([&](const Params& hp, int, TrialContext&) {
    ++calls;
    return hp.real("x");
  });
  fs::path repo = fresh_dir("torn");
  RandomSearch random({.n_trials = 3});
  Results first = Study(space, objective, {.repo_dir = repo, .seed = 4}).run(random, 1);
  std::ofstream(repo / Journal::kFileName, std::ios::app) << R"({"event":"started","trial":3,"par)";
  RandomSearch again({.n_trials = 3});
  Results second = Study(space, objective, {.repo_dir = repo, .seed = 4}).run(again, 1);
  CHECK(calls == 3);
  CHECK(second.csv() == first.csv());
  CHECK(Journal::read(repo).back()["event"] == "resumed");  // appended after the repaired tail

  std::ofstream(repo / Journal::kFileName, std::ios::app) << "not json\n{\"event\":\"resumed\"}\n";
  CHECK_THROWS_WITH_AS(Journal::read(repo), doctest::Contains("journal.jsonl:"), Error);
}
