// A distributed search on a synthetic objective, for the MPI tests
// (tests/mpi/check_mpi_search.sh runs it under mpirun and alone):
//
//   tunet_mpi_synthetic_search ALGORITHM REPO_DIR LOG_DIR
//     ALGORITHM: random | grid | hyperband | asha | gp
//
// Each epoch sleeps TUNET_TEST_EPOCH_MS (default 20) and its value depends on
// the run's whole history, so a trial resumed from a wrong state, or retrained
// from scratch, ends with another value. Every trained epoch is appended to
// LOG_DIR/epochs.<pid> as "<run> <budget> <epoch> <configuration>" (run: the
// TUNET_TEST_RUN variable), so the test sees what was trained more than once.
// With TUNET_TEST_KILL=<epoch> the first worker to start that epoch of any
// trial SIGKILLs itself (once: LOG_DIR/killed, created exclusively, marks it). Rank 0 writes REPO_DIR/summary.txt: one line per
// trial, "<bracket> <rung> <budget> <status> <value> <configuration>", sorted.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "history_run.hpp"
#include "tuner/distributed/distributed.hpp"
#include "tuner/proposers/bayesian_search.hpp"
#include "tuner/proposers/grid_search.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/schedulers/asha.hpp"
#include "tuner/schedulers/fixed_budget.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v ? std::atoi(v) : fallback;
}

class SyntheticRun : public testing::HistoryRun {
 public:
  SyntheticRun(const Params& hp, int budget, fs::path log_dir)
      : HistoryRun(hp.real("x"), 0.001 * static_cast<double>(hp.integer("units"))), hp_(hp), budget_(budget),
        log_dir_(std::move(log_dir)) {}

  Metrics train_epoch(int epoch) override {
    maybe_die(epoch + 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(env_int("TUNET_TEST_EPOCH_MS", 20)));
    std::ofstream(log_dir_ / ("epochs." + std::to_string(::getpid())), std::ios::app)
        << env_int("TUNET_TEST_RUN", 1) << " " << budget_ << " " << epoch + 1 << " " << hp_.key() << "\n";
    return HistoryRun::train_epoch(epoch);
  }

 private:
  void maybe_die(int epoch) {
    if (env_int("TUNET_TEST_KILL", -1) != epoch) return;
    const int fd = ::open((log_dir_ / "killed").c_str(), O_CREAT | O_EXCL | O_WRONLY, 0644);
    if (fd < 0) return;  // another worker died already
    ::close(fd);
    // Mid-trial: the epochs before this one reach the coordinator first.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ::raise(SIGKILL);
  }

  Params hp_;
  int budget_;
  fs::path log_dir_;
};

std::unique_ptr<Scheduler> make_scheduler(const std::string& algorithm, std::unique_ptr<Proposer>& proposer) {
  if (algorithm == "hyperband") return std::make_unique<Hyperband>(HyperbandOptions{.R = 9, .eta = 3});
  if (algorithm == "asha")
    return std::make_unique<Asha>(AshaOptions{.min_epochs = 1, .max_epochs = 9, .eta = 3, .max_trials = 18});
  if (algorithm == "random") proposer = std::make_unique<RandomSearch>(RandomOptions{.n_trials = 12});
  else if (algorithm == "grid") proposer = std::make_unique<GridSearch>(GridOptions{.points = 4});
  else if (algorithm == "gp")
    proposer = std::make_unique<BayesianSearch>(GpSearchOptions{.n_calls = 10, .n_initial_points = 4, .n_candidates = 500});
  else throw std::runtime_error("unknown algorithm " + algorithm + " (random, grid, hyperband, asha, gp)");
  return std::make_unique<FixedBudget>(*proposer, 4);
}

void write_summary(const Results& results, const fs::path& path) {
  std::vector<std::string> lines;
  for (const Trial& t : results.trials()) {
    char value[40];
    std::snprintf(value, sizeof value, "%.12g", t.value ? *t.value : std::nan(""));
    lines.push_back(std::to_string(t.bracket) + " " + std::to_string(t.rung) + " " + std::to_string(t.budget) + " " +
                    status_name(t.status) + " " + value + " " + t.params.key());
  }
  std::sort(lines.begin(), lines.end());
  std::ofstream out(path);
  for (const std::string& line : lines) out << line << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: tunet_mpi_synthetic_search random|grid|hyperband|asha|gp REPO_DIR LOG_DIR\n";
    return 2;
  }
  mpi::MpiSession mpi(argc, argv);
  const std::string algorithm = argv[1];
  const fs::path repo = argv[2], log_dir = argv[3];
  try {
    Space space{Real("x", 0.0, 1.0), Integer("units", 1, 4)};
    TrainingObjective objective(
        [log_dir](const Params& hp, int, const TrialContext& ctx) {
          return std::make_unique<SyntheticRun>(hp, ctx.budget, log_dir);
        },
        {.metric = "val_loss"});
    Study study(space, objective, {.repo_dir = repo, .seed = 7, .log = mpi.rank() == 0 ? &std::cout : nullptr});
    std::unique_ptr<Proposer> proposer;
    std::unique_ptr<Scheduler> scheduler = make_scheduler(algorithm, proposer);
    if (auto results = mpi::run_distributed(mpi, study, *scheduler, objective, {.heartbeat_timeout_s = 30}))
      write_summary(*results, repo / "summary.txt");
  } catch (const std::exception& e) {
    std::cerr << "rank " << mpi.rank() << ": " << e.what() << "\n";
    mpi.abort(1);
  }
  return 0;
}
