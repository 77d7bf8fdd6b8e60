// Bayesian optimisation on a mixed space: gp_minimize (the Study-backed skopt
// entry point, its SpaceTransform and CubeLayout) on a Branin whose first
// coordinate is an integer grid, whose second is a log-scaled real, plus an
// integer and a categorical that each add a penalty:
//
//   grid      integer [-4, 12]        x1 = grid * pi / 4   (-pi, pi, 3pi lie on it)
//   rate      real [1e-4, 1e-1], log  x2 = 5 (log10(rate) + 4) in [0, 15]
//   layers    integer [1, 8]          + 0.25 (layers - 3)^2
//   optimizer sgd|adam|rmsprop        + 1, 0, 0.5
//
// f = branin(x1, x2) + the penalties; f* = 5 / (4 pi) = 0.397887 at grid in
// {-4, 4, 12}, the matching rate, layers = 3, optimizer = adam.
// Random initial design of --initial points, --calls calls, seeds 0..--seeds-1.
// Prints the median [Q1, Q3] regret (best value so far - f*) after 10, 20 and
// --calls calls, the share of seeds whose regret after --calls calls is below
// 0.01 (the distribution has two modes: solved, or stuck at a wrong layers
// value 0.25 or 1 above) and the optimizer's time per call (thread CPU / wall, mean
// over all calls and seeds; the objective costs microseconds). With --regret
// it prints only the median regret after --calls calls (bench_gp_mixed.sh).
//
//   bench_gp_mixed [--seeds 10] [--calls 40] [--initial 10] [--regret]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <numbers>
#include <string>
#include <vector>

#include "bench_stats.hpp"
#if __has_include("tuner/skopt/gp_minimize.hpp")
#include "tuner/skopt/gp_minimize.hpp"
#else
#include "tuner/gp_minimize.hpp"  // the layout before tuner/ had its folders
#endif

namespace tu = tunet::tuner;

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kMinimum = 5.0 / (4.0 * kPi);

double branin(double x1, double x2) {
  double a = x2 - 5.1 / (4 * kPi * kPi) * x1 * x1 + 5.0 / kPi * x1 - 6.0;
  return a * a + 10.0 * (1.0 - 1.0 / (8.0 * kPi)) * std::cos(x1) + 10.0;
}

double optimizer_offset(const std::string& name) {
  if (name == "sgd") return 1.0;
  if (name == "rmsprop") return 0.5;
  return 0.0;  // adam
}

double mixed_branin(const tu::Params& hp) {
  const double x1 = static_cast<double>(hp.integer("grid")) * kPi / 4.0;
  const double x2 = 5.0 * (std::log10(hp.real("rate")) + 4.0);
  const double layers = static_cast<double>(hp.integer("layers")) - 3.0;
  return branin(x1, x2) + 0.25 * layers * layers + optimizer_offset(hp.str("optimizer"));
}

tu::Space mixed_space() {
  return tu::Space{tu::Integer("grid", -4, 12), tu::Real("rate", 1e-4, 1e-1, tu::Prior::LogUniform),
                   tu::Integer("layers", 1, 8),
                   tu::Categorical("optimizer", {"sgd", "adam", "rmsprop"})};
}

double thread_cpu_seconds() {  // unlike wall time, not inflated by other processes
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct Run {
  std::vector<double> regret;  // best so far - f*, per call
  double cpu_seconds = 0.0;
  double wall_seconds = 0.0;
};

Run run_once(int calls, int initial, std::uint64_t seed) {
  tu::GpMinimizeOptions options;
  options.n_calls = calls;
  options.n_initial_points = initial;
  options.initial_point_generator = "random";
  options.seed = seed;
  const double c0 = thread_cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  tu::GpResult result = tu::gp_minimize(mixed_branin, mixed_space(), options);
  Run run;
  run.cpu_seconds = thread_cpu_seconds() - c0;
  run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double best = INFINITY;
  for (double v : result.func_vals) {
    if (std::isfinite(v)) best = std::min(best, v);
    run.regret.push_back(best - kMinimum);
  }
  return run;
}

std::vector<double> regrets_at(const std::vector<Run>& runs, int call) {
  std::vector<double> r;
  for (const Run& run : runs) r.push_back(run.regret[static_cast<size_t>(call - 1)]);
  return r;
}

std::string regret_cell(const std::vector<Run>& runs, int call) {
  return tunet::bench::median_quartiles(regrets_at(runs, call));
}

int arg_int(int argc, char** argv, const char* name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

bool arg_flag(int argc, char** argv, const char* name) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  const int seeds = arg_int(argc, argv, "--seeds", 10);
  const int calls = arg_int(argc, argv, "--calls", 40);
  const int initial = arg_int(argc, argv, "--initial", 10);
  if (seeds < 1 || initial < 1 || calls < std::max(initial, 20)) {
    std::fprintf(stderr, "bench_gp_mixed: expected --seeds >= 1, --initial >= 1 and --calls >= max(initial, 20)\n");
    return 1;
  }
  std::vector<Run> runs;
  for (int seed = 0; seed < seeds; ++seed) runs.push_back(run_once(calls, initial, static_cast<std::uint64_t>(seed)));
  if (arg_flag(argc, argv, "--regret")) {
    std::printf("%.6g\n", tunet::bench::quantile(regrets_at(runs, calls), 0.5));
    return 0;
  }
  double cpu = 0.0, wall = 0.0;
  for (const Run& run : runs) {
    cpu += run.cpu_seconds;
    wall += run.wall_seconds;
  }
  const double per_call = 1e3 / (static_cast<double>(seeds) * calls);
  const std::vector<double> last = regrets_at(runs, calls);
  const auto solved = std::count_if(last.begin(), last.end(), [](double r) { return r < 0.01; });
  std::printf("| problem | optimizer | seeds | regret @10 | regret @20 | regret @%d | regret < 0.01 @%d | ms/call cpu / wall |\n",
              calls, calls);
  std::printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
  std::printf("| mixed Branin | gp_minimize EI, %d random initial points | %d | %s | %s | %s | %ld/%d | %.2f / %.2f |\n",
              initial, seeds, regret_cell(runs, 10).c_str(), regret_cell(runs, 20).c_str(),
              regret_cell(runs, calls).c_str(), static_cast<long>(solved), seeds, cpu * per_call, wall * per_call);
  return 0;
}
