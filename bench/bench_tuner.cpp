// The tuner's own cost, without any training: per-trial overhead of the study
// loop (journal lines fsync'ed, results.csv rewritten, checkpoint bookkeeping),
// the time to resume (replay) a finished study, and Hyperband's scheduling.
//
//   bench_tuner [trials=300] [dir=/tmp/tunet_bench_tuner]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "bench_args.hpp"
#include "tuner/tuner.hpp"

namespace fs = std::filesystem;
namespace tu = tunet::tuner;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "bench_tuner [trials=300] [dir=/tmp/tunet_bench_tuner]", {}, 2);
  const int trials = argc > 1 ? std::atoi(argv[1]) : 300;
  const fs::path dir = argc > 2 ? fs::path(argv[2]) : fs::path("/tmp/tunet_bench_tuner");
  tu::Space space{tu::Real("x", -2.0, 2.0), tu::Real("lr", 1e-5, 1e-1, tu::Prior::LogUniform),
                  tu::Categorical("act", {"relu", "tanh", "gelu"}), tu::Integer("layers", 1, 4)};
  tu::FunctionObjective objective([](const tu::Params& hp, int budget, tu::TrialContext&) {
    return std::pow(hp.real("x") - 0.5, 2) + std::log10(hp.real("lr")) * 0.01 + 1.0 / budget;
  });

  std::printf("%-44s %10s %14s\n", "what", "trials", "ms per trial");
  {
    fs::remove_all(dir / "random");
    tu::RandomSearch random({.n_trials = trials});
    auto t0 = std::chrono::steady_clock::now();
    tu::Study(space, objective, {.repo_dir = dir / "random", .seed = 1}).run(random, 1);
    std::printf("%-44s %10d %14.3f\n", "random search, first run", trials, 1e3 * seconds_since(t0) / trials);
    tu::RandomSearch again({.n_trials = trials});
    t0 = std::chrono::steady_clock::now();
    tu::Study(space, objective, {.repo_dir = dir / "random", .seed = 1}).run(again, 1);
    std::printf("%-44s %10d %14.3f\n", "random search, resume (replay only)", trials,
                1e3 * seconds_since(t0) / trials);
  }
  {
    fs::remove_all(dir / "hyperband");
    tu::Hyperband hyperband({.R = 81, .eta = 3});
    auto t0 = std::chrono::steady_clock::now();
    tu::Results r = tu::Study(space, objective, {.repo_dir = dir / "hyperband", .seed = 1}).run(hyperband);
    std::printf("%-44s %10zu %14.3f\n", "Hyperband R=81 eta=3, first run", r.trials().size(),
                1e3 * seconds_since(t0) / static_cast<double>(r.trials().size()));
  }
  {
    auto t0 = std::chrono::steady_clock::now();
    const int reps = 200;
    long total = 0;
    for (int k = 0; k < reps; ++k) total += tu::hyperband_schedule(81 + k % 5, 3).total_continued;
    std::printf("%-44s %10d %14.5f   (checksum %ld)\n", "hyperband_schedule(R~81, 3)", reps,
                1e3 * seconds_since(t0) / reps, total);
  }
  return 0;
}
