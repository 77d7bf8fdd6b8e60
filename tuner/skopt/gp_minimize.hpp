#pragma once
// gp_minimize: scikit-optimize's entry point, for any callable of named
// hyperparameters (docs/gp.md).
//
//   auto f = [](const Params& hp) { return std::pow(hp.real("x") - 0.3, 2); };
//   GpResult r = gp_minimize(f, Space{Real("x", -1, 1)}, {.n_calls = 20, .seed = 1});
//   r.x.real("x");     // the best configuration, by name
//   r.fun;             // its value
//   r.func_vals;       // one per call, NaN where the objective failed
//
// A thin function over the Study: every call is a trial of a Study running
// BayesianSearch (wrapped in a StoppingProposer for the stoppers and
// callbacks), so the journal is the one record and the one resume format.
// With repo_dir set, the journal, results.csv and checkpoints stay there and
// running again on the same repo_dir replays the journal and continues (the
// recorded calls are not evaluated again); without it the Study works in a
// temporary directory removed at the end.
//
// The objective returns the value to minimise; NaN or +-infinity, or an
// exception, records the call as failed (it stays out of the model and is
// never proposed again; with max_consecutive_failed_trials = n, n failures in
// a row end the search with an Error, as in a Study). Stoppers (stoppers.hpp)
// and callbacks run after every call and return true to stop.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "tuner/proposers/bayesian_search.hpp"
#include "tuner/proposers/gp/gaussian_process.hpp"
#include "tuner/proposers/gp/space_transform.hpp"
#include "tuner/proposers/stoppers.hpp"
#include "tuner/space/params.hpp"
#include "tuner/space/space.hpp"
#include "tuner/study/results.hpp"

namespace tunet::tuner {

struct GpResult {
  Params x;                        // the best configuration (empty when every call failed)
  double fun = std::numeric_limits<double>::quiet_NaN();  // its value
  std::vector<Params> x_iters;     // every evaluated configuration, in order (y0 points first)
  std::vector<double> func_vals;   // their values, NaN for failed calls
  Space space;
  // The GP fitted to every successful call, in the cube of SpaceTransform(space)
  // (nullopt when fewer than one call succeeded).
  std::optional<GaussianProcess> model;

  bool has_best() const { return !x.empty(); }
  const Params& best() const { return x; }
  int n_failed() const;
  // The model's mean and std at a configuration, in the objective's units.
  std::pair<double, double> predict(const Params& params) const;
  Json to_json() const;  // {"x", "fun", "x_iters", "func_vals", "space"} (NaN written as null)
};

// Called after every call with the result so far; true stops the search.
using GpCallback = std::function<bool(const GpResult&)>;
// Stops once the best value is <= threshold.
GpCallback stop_when_below(double threshold);
// Stops when the best value has not improved by more than delta in the last n calls.
GpCallback stop_without_improvement(int n_calls, double delta = 0.0);

struct GpMinimizeOptions {
  int n_calls = 100;                            // objective calls (x0 without y0 included)
  int n_initial_points = 10;                    // design points before the GP (x0, y0 count)
  std::string initial_point_generator = "lhs";  // "lhs", "random", "sobol", "halton" (initial_points.hpp)
  std::string acq_func = "EI";                  // "EI", "PI", "LCB" or "gp_hedge"
  double xi = 0.01;
  double kappa = 1.96;
  int n_candidates = 10000;
  std::vector<Params> x0{};
  std::vector<double> y0{};
  std::uint64_t seed = 0;
  std::vector<Stopper> stoppers{};              // DeltaYStopper, DeadlineStopper (stoppers.hpp)
  std::vector<GpCallback> callbacks{};
  std::filesystem::path repo_dir{};             // the Study's journal (empty: a temporary one)
  int max_consecutive_failed_trials = 0;        // 0: no limit; n: n failures in a row end the search
  std::ostream* log = nullptr;                  // the Study's progress lines
  GpOptions gp{};
};

using GpObjective = std::function<double(const Params&)>;

// Throws Error for bad options (x0 outside the space or of the wrong arity,
// y0 not matching x0, n_calls smaller than the initial evaluations, unknown
// acq_func or initial_point_generator), naming the problem.
GpResult gp_minimize(const GpObjective& objective, const Space& space, const GpMinimizeOptions& options = {});

// The result of a search so far (used by gp_minimize; public for Study users).
GpResult gp_result(const BayesianSearch& search, bool fit_final_model, std::uint64_t seed);
// The result of a Study's trials (a finished or running search, Results::load):
// x_iters and func_vals are the configurations' first trials in id order, the
// loss (value, or -value when maximised) or NaN; the model is fitted to the
// successful ones. Under Hyperband the first trials have the smallest budgets.
GpResult gp_result(const Results& results, std::uint64_t seed, const GpOptions& gp = {});

}  // namespace tunet::tuner
