// The objective's mode: a trial is scored by its best epoch (the default) or
// its last; the value's epoch and checkpoint are recorded, best_model.ckpt
// holds the scoring epoch's state, and the journal replays it. Early stops:
// a run that asks to stop completes with the epochs it trained, inside a
// Hyperband rung too, and Hyperband counts only those epochs.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/proposers/grid_search.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

using testing::fresh_dir;

// val_loss of each epoch by configuration: "overfits" is best at epoch 2 and
// ends worse than "steady", which improves to its last epoch.
const std::map<std::string, std::vector<double>> kCurves = {{"overfits", {0.5, 0.2, 0.6, 0.9}},
                                                            {"steady", {0.6, 0.5, 0.4, 0.35}}};

// Its state is the number of epochs trained; it asks to stop after
// `stop_after` epochs (0: never), as EarlyStopping would.
class CurveRun : public TrainingRun {
 public:
  CurveRun(std::string curve, int stop_after) : curve_(std::move(curve)), stop_after_(stop_after) {}
  Metrics train_epoch(int epoch) override {
    epochs_ = epoch + 1;
    const std::vector<double>& c = kCurves.at(curve_);
    return {{"val_loss", c[static_cast<size_t>(epoch) % c.size()]}};
  }
  std::string stop_reason() const override {
    return stop_after_ > 0 && epochs_ >= stop_after_ ? "plateau after epoch " + std::to_string(epochs_) : "";
  }
  void save(const fs::path& path) override { std::ofstream(path) << "epochs " << epochs_; }
  void load(const fs::path& path) override {
    std::ifstream in(path);
    std::string word;
    in >> word >> epochs_;
  }

 private:
  std::string curve_;
  int stop_after_;
  int epochs_ = 0;
};

std::string file_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Results curve_search(const fs::path& repo, ObjectiveMode mode) {
  TrainingObjective objective(
      [](const Params& hp, int, const TrialContext&) { return std::make_unique<CurveRun>(hp.str("curve"), 0); },
      {.metric = "val_loss", .mode = mode});
  GridSearch grid;
  return Study(Space{Categorical("curve", {"overfits", "steady"})}, objective, {.repo_dir = repo}).run(grid, 4);
}

}  // namespace

TEST_CASE("mode best: a trial that overfits ranks by its best epoch, whose checkpoint is the best model") {
  const fs::path repo = fresh_dir("objective_best");
  const Results r = curve_search(repo, ObjectiveMode::Best);
  const Trial& best = r.best();
  CHECK(best.params.str("curve") == "overfits");
  CHECK(*best.value == 0.2);
  CHECK(best.value_epoch == 2);
  CHECK(best.last_epoch() == 4);
  CHECK(file_text(repo / "best_model.ckpt") == "epochs 2");  // the best epoch's state, not the last
  CHECK(fs::exists(repo / best.checkpoint));                  // the last epoch's (training state) is kept too
  CHECK(fs::exists(repo / best.value_checkpoint));
  CHECK(*r.trials()[1].value == 0.35);
  CHECK(r.trials()[1].value_epoch == 4);
  // The table shows the epoch; the journal replays the same table.
  std::ostringstream table;
  r.print(table);
  CHECK(table.str().find("epoch") != std::string::npos);
  CHECK(Results::load(repo).csv() == r.csv());
  CHECK(Journal::read(repo).front()["objective"]["mode"] == "best");
  // Resuming the finished search changes nothing.
  CHECK(curve_search(repo, ObjectiveMode::Best).csv() == r.csv());
  // ... and another mode on the same repo_dir is another search.
  CHECK_THROWS_WITH_AS(curve_search(repo, ObjectiveMode::Last), doctest::Contains("another objective"), Error);
}

TEST_CASE("mode last: the same search ranks by the last epoch") {
  const fs::path repo = fresh_dir("objective_last");
  const Results r = curve_search(repo, ObjectiveMode::Last);
  CHECK(r.best().params.str("curve") == "steady");
  CHECK(*r.best().value == 0.35);
  CHECK(*r.trials()[0].value == 0.9);
  CHECK(r.trials()[0].value_epoch == 4);
  CHECK(file_text(repo / "best_model.ckpt") == "epochs 4");
}

TEST_CASE("a journal of version 2 (no mode, no value epoch) replays as scored then: by the last epoch") {
  const fs::path repo = fresh_dir("objective_v2");
  curve_search(repo, ObjectiveMode::Last);
  // Rewrite the journal as version 2 wrote it.
  std::vector<Json> events = Journal::read(repo);
  std::string text;
  for (Json& e : events) {
    if (e["event"] == "study") {
      e["version"] = 2;
      e["objective"].erase("mode");
    }
    if (e["event"] == "finished")
      for (const char* key : {"value_epoch", "value_checkpoint", "stop_reason"}) e.erase(key);
    text += journal_line(e);
  }
  std::ofstream(repo / Journal::kFileName, std::ios::trunc) << text;
  const Results old = Results::load(repo);
  CHECK(old.best().params.str("curve") == "steady");
  CHECK(old.trials()[0].value_epoch == 4);
  CHECK(old.trials()[0].value_checkpoint == old.trials()[0].checkpoint);
  // It resumes under mode last (what it was), and is refused under best.
  CHECK(curve_search(repo, ObjectiveMode::Last).best().params.str("curve") == "steady");
  CHECK_THROWS_WITH_AS(curve_search(repo, ObjectiveMode::Best), doctest::Contains("another objective"), Error);
}

TEST_CASE("a run that stops early completes with its epochs; in a Hyperband rung too") {
  const fs::path repo = fresh_dir("objective_early_stop");
  // "steady" trials stop after their 2nd epoch; "overfits" ones train to their budget.
  TrainingObjective objective(
      [](const Params& hp, int, const TrialContext&) {
        return std::make_unique<CurveRun>(hp.str("curve"), hp.str("curve") == "steady" ? 2 : 0);
      },
      {.metric = "val_loss"});
  Hyperband hyperband({.R = 9, .eta = 3});
  const Results r = Study(Space{Categorical("curve", {"overfits", "steady"}), Integer("n", 0, 1000)}, objective,
                          {.repo_dir = repo, .seed = 4})
                        .run(hyperband);
  int stopped = 0;
  for (const Trial& t : r.trials()) {
    CHECK(t.status == TrialStatus::Completed);
    if (t.params.str("curve") != "steady" || t.budget <= 2) {
      CHECK(t.stop_reason.empty());
      CHECK(t.last_epoch() == t.budget);
      continue;
    }
    // A rung with budget 3 or 9: the run stopped after epoch 2 (its own, or the
    // first it trained when it continues a trial from epoch 1 or 3).
    ++stopped;
    CHECK(t.stop_reason.find("plateau") != std::string::npos);
    CHECK(t.last_epoch() < t.budget);
    CHECK(t.epochs_trained() == static_cast<int>(t.history.size()));
    CHECK(t.value_epoch >= t.initial_epoch + 1);
    CHECK(t.value_epoch <= t.last_epoch());
  }
  CHECK(stopped > 0);
  CHECK(Results::load(repo).csv() == r.csv());
  std::ostringstream table;
  r.print(table);
  CHECK(table.str().find("stopped early") != std::string::npos);
}

TEST_CASE("Hyperband subtracts the epochs a trial trained, not its budget") {
  Hyperband hyperband({.R = 9, .eta = 3});
  const Space space{Real("x", 0.0, 1.0)};
  hyperband.start(space, Rng(1, 1), Direction::Minimize);
  auto told = [&](const TrialSpec& spec, int id, int last_epoch) {
    Trial t = spec.trial(id);
    t.status = TrialStatus::Completed;
    t.value = t.loss = id;
    for (int e = spec.initial_epoch + 1; e <= last_epoch; ++e) {
      EpochRecord record;
      record.epoch = e;
      t.history.push_back(record);
    }
    hyperband.tell(t);
  };
  // Bracket s = 2: nine configurations for 1 epoch, then three continue to 3 epochs.
  int id = 0;
  for (; id < 9; ++id) told(*hyperband.next(), id, 1);
  const TrialSpec continued = *hyperband.next();
  REQUIRE(continued.budget == 3);
  REQUIRE(continued.initial_epoch == 1);
  const long before = *hyperband.remaining_budget();
  told(continued, id, 2);  // stopped early after epoch 2: one epoch trained, not two
  CHECK(*hyperband.remaining_budget() == before - 1);
}
