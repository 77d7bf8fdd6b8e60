// The soak (scripts/soak.sh, docs/reliability.md): many trials of a small
// network in one process, through random search and then Hyperband, with the
// resident memory (RSS) recorded every 10 trials and the wall time per trial;
// then the GP's proposal time as its observations grow.
//
//   tunet_soak TRIALS REPO_DIR [--gp N_MAX] [--gp-cap M] [--max-rss-growth F]
//
// Prints tab-separated rows:
//   rss  <algorithm> <trials so far> <rss KiB> <peak rss KiB> <ms per trial, last 10> <heap in use KiB>
//   gp   <observations> <cap> <first ask s> <next ask s>
// and exits 1 when, in either search, RSS after its trial 10 ever exceeds
// (1 + F) times the process's peak by then (F = 0.10 by default): memory
// that grows from trial to trial. The heap in use (malloc's own count) shows
// the growth to the byte, without the allocator's caching.
#include <malloc.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "datasets/splits.hpp"
#include "datasets/synthetic.hpp"
#include "nn/nn.hpp"
#include "tuner/integration/model_objective.hpp"
#include "tuner/proposers/gp/gp_ask_tell.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace ds = tunet::datasets;
namespace fs = std::filesystem;

namespace {

// VmRSS and VmHWM of /proc/self/status, in KiB.
std::pair<long, long> resident_kib() {
  std::ifstream status("/proc/self/status");
  long rss = 0, peak = 0;
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) rss = std::atol(line.c_str() + 6);
    if (line.rfind("VmHWM:", 0) == 0) peak = std::atol(line.c_str() + 6);
  }
  return {rss, peak};
}

// The same network in every trial (only the learning rate and the dropout
// rate vary), so every trial allocates the same: two hidden layers of 128
// units, 17k parameters, ~270 KB with gradients and Adam's slots. A model
// kept alive per trial would add that much per trial.
nn::Sequential small_mlp(const Params& hp, uint64_t seed) {
  nn::Sequential m({2}, seed);
  m.add(nn::Dense(128, "relu"));
  m.add(nn::Dropout(hp.real("dropout")));
  m.add(nn::Dense(128, "relu"));
  m.add(nn::Dense(2, "softmax"));
  m.compile(nn::Adam({.learning_rate = hp.real("learning_rate")}), "categorical_crossentropy", {"accuracy"});
  return m;
}

// Wraps the objective: after every trial, the time; every 10 trials, the memory.
class Soak : public Objective {
 public:
  Soak(Objective& inner, double max_growth) : inner_(inner), max_growth_(max_growth) {}
  std::string metric() const override { return inner_.metric(); }
  Direction direction() const override { return inner_.direction(); }
  Json describe() const override { return inner_.describe(); }

  Score evaluate(const Params& params, TrialContext& ctx) override {
    Score score = inner_.evaluate(params, ctx);
    if (++trials_ % 10 == 0) sample();
    return score;
  }

  void start(const std::string& algorithm) {
    algorithm_ = algorithm;
    algorithm_trials_ = 0;
    baseline_ = 0;
    window_start_ = std::chrono::steady_clock::now();
  }
  int trials() const { return trials_; }
  bool grew() const { return grew_; }

 private:
  void sample() {
    const auto now = std::chrono::steady_clock::now();
    const double ms = std::chrono::duration<double, std::milli>(now - window_start_).count() / 10;
    window_start_ = now;
    algorithm_trials_ += 10;
    const auto [rss, peak] = resident_kib();
    if (algorithm_trials_ == 10) baseline_ = peak;  // the most the process needed by this search's warm-up
    const bool over = baseline_ > 0 && rss > (1 + max_growth_) * static_cast<double>(baseline_);
    grew_ = grew_ || over;
    const long heap_kib = static_cast<long>(mallinfo2().uordblks / 1024);
    std::printf("rss\t%s\t%d\t%ld\t%ld\t%.2f\t%ld%s\n", algorithm_.c_str(), algorithm_trials_, rss, peak, ms,
                heap_kib, over ? "\tGREW" : "");
    std::fflush(stdout);
  }

  Objective& inner_;
  double max_growth_;
  std::string algorithm_;
  int trials_ = 0, algorithm_trials_ = 0;
  long baseline_ = 0;
  bool grew_ = false;
  std::chrono::steady_clock::time_point window_start_;
};

// A smooth 4-D test function on the unit cube (a sum of sines with a bowl).
double bumpy(const Eigen::VectorXd& u) {
  double y = 0;
  for (Eigen::Index k = 0; k < u.size(); ++k) y += std::sin(3 * u[k] + k) + (u[k] - 0.3) * (u[k] - 0.3);
  return y;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The time of one ask with n observations (the first fit), and of the next
// ask after one more tell (warm-started, as in a running search).
void time_gp(int n, int cap) {
  GpAskTellOptions options;
  options.max_model_points = cap;
  GpAskTell opt(CubeLayout::continuous(4), options, Rng(11));
  Rng points(12);
  for (int i = 0; i < n; ++i) {
    Eigen::VectorXd u(4);
    for (Eigen::Index k = 0; k < 4; ++k) u[k] = points.uniform(0.0, 1.0);
    opt.tell(u, bumpy(u));
  }
  auto t0 = std::chrono::steady_clock::now();
  Eigen::VectorXd u = *opt.ask();
  const double first = seconds_since(t0);
  opt.tell(u, bumpy(u));
  t0 = std::chrono::steady_clock::now();
  opt.ask();
  const double next = seconds_since(t0);
  std::printf("gp\t%d\t%d\t%.4f\t%.4f\n", n, cap, first, next);
  std::fflush(stdout);
}

int usage() {
  std::fprintf(stderr, "usage: tunet_soak TRIALS REPO_DIR [--gp N_MAX] [--gp-cap M] [--max-rss-growth F]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  const int trials = std::atoi(argv[1]);
  const fs::path repo = argv[2];
  int gp_max = 0;
  int gp_cap = GpAskTellOptions{}.max_model_points;
  double max_growth = 0.10;
  for (int i = 3; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--gp") gp_max = std::atoi(argv[i + 1]);
    else if (flag == "--gp-cap") gp_cap = std::atoi(argv[i + 1]);
    else if (flag == "--max-rss-growth") max_growth = std::atof(argv[i + 1]);
    else return usage();
  }
  if (trials < 10) return usage();
  fs::remove_all(repo);

  ds::Dataset all = ds::two_spirals({.samples_per_class = 100, .noise = 0.05, .seed = 3});
  ds::TrainValidation tv = ds::train_validation_split(all, 0.25, 1);
  ds::Splits data{tv.train, tv.validation, {}};
  Space space{Real("dropout", 0.0, 0.3), Real("learning_rate", 1e-3, 1e-1, Prior::LogUniform)};
  ModelObjective model(small_mlp, data, {.objective = "val_loss", .batch_size = 32});
  Soak soak(model, max_growth);
  std::printf("# columns: rss algorithm trials rss_kib peak_kib ms_per_trial | gp n cap first_ask_s next_ask_s\n");

  soak.start("random");
  RandomSearch random({.n_trials = trials});
  Study(space, soak, {.repo_dir = repo / "random", .seed = 1}).run(random, 3);

  soak.start("hyperband");
  const int before = soak.trials();
  for (int pass = 0; soak.trials() - before < trials; ++pass) {
    Hyperband hyperband({.R = 27, .eta = 3});
    Study(space, soak, {.repo_dir = repo / ("hyperband" + std::to_string(pass)), .seed = 2 + uint64_t(pass)})
        .run(hyperband);
  }

  for (int n : {10, 25, 50, 100, 200, 300, 400, 500}) {
    if (n > gp_max) break;
    time_gp(n, gp_cap);
  }
  if (soak.grew()) {
    std::fprintf(stderr, "tunet_soak: RSS grew by more than %.0f%% after trial 10\n", 100 * max_growth);
    return 1;
  }
  return 0;
}
