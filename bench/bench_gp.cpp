// Bayesian optimisation benchmark: tunet's GP search against random search on
// Branin (2-D) and Hartmann-6, skopt's benchmark settings (40 calls, 10
// initial random points, seeds 0..9). Prints, per problem and optimizer, the
// median [Q1, Q3] simple regret (best value so far - global minimum) after
// 10/20/40 calls and the optimizer's own time per call (ask + tell; the
// objective costs microseconds), thread CPU time and wall time: mean over
// calls 11-40 and at call 40 (mean over seeds).
//
//   bench_gp [--seeds 10] [--first-seed 0] [--calls 40] [--initial 10] [--candidates 10000]
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "bench_args.hpp"
#include "bench_stats.hpp"
#include "test_functions.hpp"
#include "tuner/proposers/gp/gp_ask_tell.hpp"

namespace tu = tunet::tuner;
using tunet::bench::branin, tunet::bench::hartmann6, tunet::bench::kBraninMinimum, tunet::bench::kHartmann6Minimum;

namespace {

struct Problem {
  std::string name;
  int dims;
  double minimum;
  std::function<double(const Eigen::VectorXd&)> f;  // on the unit cube
};

struct Run {
  std::vector<double> best_so_far;  // per call
  std::vector<double> seconds;      // optimizer wall time per call
  std::vector<double> cpu_seconds;  // optimizer CPU time per call (this thread)
};

// CPU time of the calling thread: unlike wall time, not inflated when other
// processes share the cores.
double thread_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

Run run_once(const Problem& problem, const tu::GpAskTellOptions& options, int calls, uint64_t seed) {
  tu::GpAskTell opt(tu::CubeLayout::continuous(problem.dims), options, tunet::Rng(seed));
  Run run;
  double best = INFINITY;
  for (int call = 0; call < calls; ++call) {
    auto t0 = std::chrono::steady_clock::now();
    double c0 = thread_cpu_seconds();
    Eigen::VectorXd u = *opt.ask();
    opt.tell(u, problem.f(u));  // the objective costs microseconds
    double c1 = thread_cpu_seconds();
    auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, opt.y_told().back());
    run.best_so_far.push_back(best - problem.minimum);
    run.seconds.push_back(std::chrono::duration<double>(t1 - t0).count());
    run.cpu_seconds.push_back(c1 - c0);
  }
  return run;
}

std::string regret_cell(const std::vector<Run>& runs, int call) {
  std::vector<double> r;
  for (const Run& run : runs) r.push_back(run.best_so_far[call - 1]);
  return tunet::bench::median_quartiles(r);
}


}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "bench_gp [--seeds 10] [--first-seed 0] [--calls 40] [--initial 10] [--candidates 10000]",
             {"--seeds", "--first-seed", "--calls", "--initial", "--candidates"}, 0);
  const int seeds = arg_int(argc, argv, "--seeds", 10);
  const int first_seed = arg_int(argc, argv, "--first-seed", 0);
  const int calls = arg_int(argc, argv, "--calls", 40);
  const int initial = arg_int(argc, argv, "--initial", 10);
  const int candidates = arg_int(argc, argv, "--candidates", tu::GpAskTellOptions{}.n_candidates);
  const auto lhs = tu::InitialPointGenerator::LatinHypercube, random = tu::InitialPointGenerator::Random;
  const auto sobol = tu::InitialPointGenerator::Sobol, halton = tu::InitialPointGenerator::Halton;
  std::vector<Problem> problems = {{"Branin", 2, kBraninMinimum, branin<Eigen::VectorXd>}, {"Hartmann-6", 6, kHartmann6Minimum, hartmann6<Eigen::VectorXd>}};
  struct Method {
    std::string name;
    tu::GpAskTellOptions options;
  };
  std::vector<Method> methods = {
      {"tunet GP EI, random initial points",
       {.n_initial_points = initial, .initial_design = random, .acq_func = "EI", .n_candidates = candidates}},
      {"tunet GP gp_hedge, random initial points",
       {.n_initial_points = initial, .initial_design = random, .acq_func = "gp_hedge", .n_candidates = candidates}},
      {"tunet GP EI, LHS initial points (default)",
       {.n_initial_points = initial, .initial_design = lhs, .acq_func = "EI", .n_candidates = candidates}},
      {"tunet GP gp_hedge, LHS initial points",
       {.n_initial_points = initial, .initial_design = lhs, .acq_func = "gp_hedge", .n_candidates = candidates}},
      {"tunet GP EI, Sobol' initial points",
       {.n_initial_points = initial, .initial_design = sobol, .acq_func = "EI", .n_candidates = candidates}},
      {"tunet GP EI, Halton initial points",
       {.n_initial_points = initial, .initial_design = halton, .acq_func = "EI", .n_candidates = candidates}},
      {"random search", {.n_initial_points = calls, .initial_design = random}},
  };
  std::printf("| problem | optimizer | regret @10 | regret @20 | regret @%d | ms/call cpu / wall (calls %d-%d) | ms/call cpu / wall at call %d |\n",
              calls, initial + 1, calls, calls);
  std::printf("| --- | --- | --- | --- | --- | --- | --- |\n");
  for (const Problem& problem : problems) {
    for (const Method& method : methods) {
      std::vector<Run> runs;
      for (int seed = first_seed; seed < first_seed + seeds; ++seed) {
        runs.push_back(run_once(problem, method.options, calls, seed));
      }
      double wall = 0.0, wall_last = 0.0, cpu = 0.0, cpu_last = 0.0;
      for (const Run& run : runs) {
        for (int c = initial; c < calls; ++c) {
          wall += run.seconds[c];
          cpu += run.cpu_seconds[c];
        }
        wall_last += run.seconds[calls - 1];
        cpu_last += run.cpu_seconds[calls - 1];
      }
      const double per_call = 1e3 / (static_cast<double>(seeds) * std::max(calls - initial, 1));
      std::printf("| %s | %s | %s | %s | %s | %.2f / %.2f | %.2f / %.2f |\n", problem.name.c_str(),
                  method.name.c_str(), regret_cell(runs, std::min(10, calls)).c_str(),
                  regret_cell(runs, std::min(20, calls)).c_str(), regret_cell(runs, calls).c_str(), cpu * per_call,
                  wall * per_call, 1e3 * cpu_last / seeds, 1e3 * wall_last / seeds);
      std::fflush(stdout);
    }
  }
  return 0;
}
