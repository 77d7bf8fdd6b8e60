// Model-based Hyperband (BohbProposer, after BOHB, Falkner et al. 2018)
// against random-proposal Hyperband on synthetic multi-fidelity functions:
// Branin (2-D) and Hartmann-6, where a budget b < R sees the function through
// a bias and a noise that both shrink as b grows (a short training ranks
// configurations roughly):
//
//   s = 1 - log(b) / log(R)                       (1 at b = 1, 0 at b = R)
//   f_b(u) = f(u + 0.1 s d) + (sigma_R + sigma_1 s) N(0, 1)
//
// with u in the unit cube (the shift clamped to it), d a fixed direction
// (every coordinate +1), sigma_1 = 10% and sigma_R = 1% of the function's
// spread (f's 90th percentile minus its minimum). The noise is drawn from the
// trial's seed, so a run is deterministic.
//
// Both proposers run the same schedule (R, eta, hyperband_iterations), so they
// spend the same epochs. After each iteration the incumbent (the configuration
// with the lowest observed value at budget R) is scored by its simple regret
// f(u) - f*, noise-free; printed: median [Q1, Q3] over the seeds.
//
//   bench_bohb [--seeds 5] [--first-seed 0] [--R 27] [--eta 3] [--iterations 4]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bench_args.hpp"
#include "bench_stats.hpp"
#include "test_functions.hpp"
#include "tuner/proposers/bohb_proposer.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/study/study.hpp"

namespace tu = tunet::tuner;
using tunet::bench::branin, tunet::bench::hartmann6, tunet::bench::kBraninMinimum, tunet::bench::kHartmann6Minimum;
namespace fs = std::filesystem;

namespace {

struct Problem {
  std::string name;
  int dims;
  double minimum;
  double spread;  // 90th percentile of f over the cube minus the minimum
  std::function<double(const std::vector<double>&)> f;  // on the unit cube
};

double spread_of(const std::function<double(const std::vector<double>&)>& f, int dims, double minimum) {
  tunet::Rng rng(12345);
  std::vector<double> values;
  std::vector<double> u(static_cast<size_t>(dims));
  for (int k = 0; k < 20000; ++k) {
    for (double& x : u) x = rng.uniform();
    values.push_back(f(u));
  }
  std::sort(values.begin(), values.end());
  return values[values.size() * 9 / 10] - minimum;
}

std::vector<double> cube_point(const tu::Params& hp, int dims) {
  std::vector<double> u;
  for (int j = 0; j < dims; ++j) u.push_back(hp.real("u" + std::to_string(j)));
  return u;
}

struct Outcome {
  std::vector<double> regret;  // after each iteration
  double proposer_seconds = 0;  // the whole search's wall time (the objective costs microseconds)
  int model_proposals = 0;
};

Outcome run_once(const Problem& problem, bool model_based, int R, int eta, int iterations, uint64_t seed) {
  tu::Space space;
  for (int j = 0; j < problem.dims; ++j) space.add(tu::Real("u" + std::to_string(j), 0.0, 1.0));
  const double log_r = std::log(static_cast<double>(R));
  tu::FunctionObjective objective([&](const tu::Params& hp, int budget, tu::TrialContext& ctx) {
    const double s = R > 1 ? 1.0 - std::log(static_cast<double>(budget)) / log_r : 0.0;
    std::vector<double> u = cube_point(hp, problem.dims);
    for (double& x : u) x = std::clamp(x + 0.1 * s, 0.0, 1.0);
    tunet::Rng noise(ctx.seed);
    return problem.f(u) + (0.01 + 0.1 * s) * problem.spread * noise.normal();
  });
  std::unique_ptr<tu::Proposer> proposer;
  tu::BohbProposer* bohb = nullptr;
  if (model_based) {
    auto p = std::make_unique<tu::BohbProposer>();
    bohb = p.get();
    proposer = std::move(p);
  }
  tu::Hyperband hyperband({.R = R, .eta = eta, .iterations = iterations}, std::move(proposer));
  const fs::path repo = fs::temp_directory_path() / ("tunet_bench_bohb_" + std::to_string(seed));
  fs::remove_all(repo);
  const auto t0 = std::chrono::steady_clock::now();
  tu::Results results = tu::Study(space, objective, {.repo_dir = repo, .seed = seed}).run(hyperband);
  Outcome out;
  out.proposer_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (bohb) out.model_proposals = bohb->model_proposals();
  fs::remove_all(repo);

  const size_t per_iteration = results.trials().size() / static_cast<size_t>(iterations);
  double best_observed = INFINITY, incumbent_regret = INFINITY;
  for (size_t i = 0; i < results.trials().size(); ++i) {
    const tu::Trial& t = results.trials()[i];
    if (t.budget == R && t.ok() && *t.value < best_observed) {
      best_observed = *t.value;
      incumbent_regret = problem.f(cube_point(t.params, problem.dims)) - problem.minimum;
    }
    if ((i + 1) % per_iteration == 0) out.regret.push_back(incumbent_regret);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "bench_bohb [--seeds 5] [--first-seed 0] [--R 27] [--eta 3] [--iterations 4]",
             {"--seeds", "--first-seed", "--R", "--eta", "--iterations"}, 0);
  const int seeds = arg_int(argc, argv, "--seeds", 5);
  const int first_seed = arg_int(argc, argv, "--first-seed", 0);
  const int R = arg_int(argc, argv, "--R", 27);
  const int eta = arg_int(argc, argv, "--eta", 3);
  const int iterations = arg_int(argc, argv, "--iterations", 4);

  std::vector<Problem> problems = {{"Branin", 2, kBraninMinimum, 0, branin<std::vector<double>>}, {"Hartmann-6", 6, kHartmann6Minimum, 0, hartmann6<std::vector<double>>}};
  const long epochs = tu::hyperband_schedule(R, eta).total_continued;
  std::printf("Hyperband R=%d eta=%d, %d iterations of %ld epochs; %d seeds from %d\n", R, eta, iterations, epochs,
              seeds, first_seed);
  std::printf("simple regret of the incumbent (best observed at budget R), median [Q1, Q3] over seeds\n\n");
  for (Problem& problem : problems) {
    problem.spread = spread_of(problem.f, problem.dims, problem.minimum);
    std::printf("%s (spread %.3g)\n%-10s", problem.name.c_str(), problem.spread, "proposer");
    for (int it = 1; it <= iterations; ++it) std::printf("  %20ld ep", it * epochs);
    std::printf("  %10s\n", "s/search");
    for (bool model_based : {false, true}) {
      std::vector<Outcome> outcomes;
      for (int seed = first_seed; seed < first_seed + seeds; ++seed)
        outcomes.push_back(run_once(problem, model_based, R, eta, iterations, static_cast<uint64_t>(seed)));
      std::printf("%-10s", model_based ? "bohb (gp)" : "random");
      double seconds = 0;
      for (int it = 0; it < iterations; ++it) {
        std::vector<double> r;
        for (const Outcome& o : outcomes) r.push_back(o.regret[static_cast<size_t>(it)]);
        std::printf("  %23s", tunet::bench::median_quartiles(r).c_str());
      }
      for (const Outcome& o : outcomes) seconds += o.proposer_seconds / static_cast<double>(outcomes.size());
      std::printf("  %10.1f\n", seconds);
    }
    std::printf("\n");
  }
  return 0;
}
