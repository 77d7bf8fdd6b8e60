// Kill test, for every algorithm: a search runs in a child process and is
// SIGKILLed in the middle of a trial after some trials finished; resuming it
// in the same repo_dir must lose no finished trial, repeat none, restart the
// interrupted trial from its last checkpoint, and end with the same table as
// an uninterrupted run. (scripts/crash_matrix.sh kills at many more places.)
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "fresh_dir.hpp"
#include "history_run.hpp"
#include "tuner/proposers/bayesian_search.hpp"
#include "tuner/proposers/grid_search.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/skopt/gp_minimize.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

using testing::fresh_dir;

// A slow run (3 ms an epoch) that counts its epochs.
class SlowRun : public testing::HistoryRun {
 public:
  SlowRun(const Params& hp, int* epochs) : HistoryRun(hp.real("x")), epochs_trained_(epochs) {}
  Metrics train_epoch(int epoch) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    ++*epochs_trained_;
    return HistoryRun::train_epoch(epoch);
  }

 private:
  int* epochs_trained_;
};

enum class Algorithm { Hyperband, Random, Grid, Gp };

Results run_search(const fs::path& repo, Algorithm algorithm, int* epochs) {
  Space space{Real("x", 0.0, 1.0), Categorical("kind", {"a", "b"})};
  TrainingObjective objective(
      [epochs](const Params& hp, int, const TrialContext&) { return std::make_unique<SlowRun>(hp, epochs); },
      {.metric = "val_loss"});
  Study study(space, objective, {.repo_dir = repo, .seed = 2024});
  switch (algorithm) {
    case Algorithm::Hyperband: {
      Hyperband hyperband({.R = 9, .eta = 3});
      return study.run(hyperband);
    }
    case Algorithm::Random: {
      RandomSearch random({.n_trials = 12});
      return study.run(random, 4);
    }
    case Algorithm::Grid: {
      GridSearch grid({.points = 5});
      return study.run(grid, 3);
    }
    case Algorithm::Gp: {
      BayesianSearch gp({.n_calls = 10, .n_initial_points = 3, .n_candidates = 1000});
      return study.run(gp, 4);
    }
  }
  return {};
}

std::vector<Json> journal_events(const fs::path& repo) { return Journal::read(repo); }

// The results table without the wall-time column (the one thing allowed to differ).
std::string table_without_time(const Results& r) {
  std::istringstream in(r.csv());
  std::string line, out;
  int wall_column = -1;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream cs(line);
    std::string cell;
    while (std::getline(cs, cell, ',')) cells.push_back(cell);
    if (wall_column < 0)
      for (size_t c = 0; c < cells.size(); ++c)
        if (cells[c] == "wall_s") wall_column = static_cast<int>(c);
    for (size_t c = 0; c < cells.size(); ++c)
      if (static_cast<int>(c) != wall_column) out += cells[c] + ",";
    out += "\n";
  }
  return out;
}

void kill_and_resume(Algorithm algorithm, const std::string& name, int finished_before_kill) {
  int reference_epochs = 0;
  Results reference = run_search(fresh_dir(name + "_reference"), algorithm, &reference_epochs);
  const fs::path repo = fresh_dir(name + "_killed");

  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    int epochs = 0;
    run_search(repo, algorithm, &epochs);
    _exit(0);
  }
  // Kill when enough trials finished and the journal's last event is an epoch:
  // the child is then in the middle of a trial.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool killed = false;
  while (std::chrono::steady_clock::now() < deadline) {
    auto events = journal_events(repo);
    int finished = 0;
    for (const Json& e : events) finished += e["event"] == "finished";
    if (finished >= finished_before_kill && events.back()["event"] == "epoch") {
      kill(child, SIGKILL);
      killed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(killed);
  REQUIRE(WIFSIGNALED(status));

  const auto before = journal_events(repo);
  std::map<int, double> finished_values;
  int epochs_recorded = 0;
  for (const Json& e : before) {
    if (e["event"] == "finished") finished_values[e["trial"].get<int>()] = e["value"].get<double>();
    epochs_recorded += e["event"] == "epoch";
  }
  CHECK(static_cast<int>(finished_values.size()) >= finished_before_kill);

  int resumed_epochs = 0;
  Results resumed = run_search(repo, algorithm, &resumed_epochs);

  // Nothing lost, nothing repeated: every trial started and finished once.
  std::map<int, int> started, finished;
  for (const Json& e : journal_events(repo)) {
    if (e["event"] == "started") ++started[e["trial"].get<int>()];
    if (e["event"] == "finished") ++finished[e["trial"].get<int>()];
  }
  CHECK(started.size() == reference.trials().size());
  for (const auto& [id, n] : started) CHECK(n == 1);
  for (const auto& [id, n] : finished) CHECK(n == 1);
  for (const auto& [id, value] : finished_values) CHECK(resumed.trials()[static_cast<size_t>(id)].value == value);
  // The interrupted trial continued from its checkpoint: no epoch trained twice.
  CHECK(resumed_epochs == reference_epochs - epochs_recorded);
  // The same table as the uninterrupted run with the same seed.
  CHECK(table_without_time(resumed) == table_without_time(reference));
  CHECK(resumed.best().id == reference.best().id);
}

}  // namespace

TEST_CASE("Kill and resume: Hyperband") { kill_and_resume(Algorithm::Hyperband, "kill_hyperband", 10); }
TEST_CASE("Kill and resume: random search") { kill_and_resume(Algorithm::Random, "kill_random", 5); }
TEST_CASE("Kill and resume: grid search") { kill_and_resume(Algorithm::Grid, "kill_grid", 4); }
TEST_CASE("Kill and resume: GP search") { kill_and_resume(Algorithm::Gp, "kill_gp", 5); }

// gp_minimize is a Study too: killed between the start and the end of a call,
// it resumes from its journal and ends with the uninterrupted run's calls.
TEST_CASE("Kill and resume: gp_minimize") {
  Space space{Real("x", -1.0, 1.0), Integer("n", 1, 4)};
  auto options = [&](const fs::path& repo) {
    return GpMinimizeOptions{.n_calls = 12, .n_initial_points = 4, .n_candidates = 500, .seed = 7, .repo_dir = repo};
  };
  int calls = 0;
  auto f = [&calls](const Params& hp) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ++calls;
    return std::pow(hp.real("x") - 0.2, 2) + 0.1 * static_cast<double>(hp.integer("n"));
  };
  GpResult reference = gp_minimize(f, space, options(fresh_dir("kill_gp_minimize_reference")));
  const fs::path repo = fresh_dir("kill_gp_minimize_killed");

  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    gp_minimize(f, space, options(repo));
    _exit(0);
  }
  // Kill once 5 calls finished and the journal's last event starts another.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool killed = false;
  int finished = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto events = journal_events(repo);
    finished = 0;
    for (const Json& e : events) finished += e["event"] == "finished";
    if (finished >= 5 && events.back()["event"] == "started") {
      kill(child, SIGKILL);
      killed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(killed);
  REQUIRE(WIFSIGNALED(status));

  calls = 0;
  GpResult resumed = gp_minimize(f, space, options(repo));
  CHECK(calls == 12 - finished);  // the finished calls are replayed, the interrupted one runs again
  REQUIRE(resumed.x_iters.size() == reference.x_iters.size());
  for (size_t i = 0; i < resumed.x_iters.size(); ++i) {
    CHECK(resumed.x_iters[i] == reference.x_iters[i]);
    CHECK(resumed.func_vals[i] == reference.func_vals[i]);
  }
  CHECK(resumed.x == reference.x);
  std::map<int, int> started;
  for (const Json& e : journal_events(repo))
    if (e["event"] == "started") ++started[e["trial"].get<int>()];
  CHECK(started.size() == 12);
  for (const auto& [id, n] : started) CHECK(n == 1);
}
