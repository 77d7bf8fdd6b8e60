#pragma once
// The numbers behind skopt's plot_convergence, plot_objective and
// plot_evaluations, computed from a GpResult and written as CSV or JSON (the
// plotting itself lives elsewhere).
//
//   std::vector<double> best = convergence(result);          // best value after each call
//   PartialDependence1D pd = partial_dependence_1d(result, "learning_rate");
//   write_partial_dependence_csv(pd, "pd_learning_rate.csv");
//
// Partial dependence as skopt's plot_objective computes it: n_samples
// configurations are drawn from the space once; for each grid value v of the
// chosen dimension(s) every sample gets v in that dimension and the model's
// mean is averaged over the samples:
//   pd(v) = 1/S sum_s mu(x_s with x_s[dim] = v)
// Grids: n_points values evenly spaced in the searched (cube) coordinate of a
// real dimension (so log-uniform ones are log-spaced), every value of a
// categorical or a small integer dimension, else n_points evenly spaced integers.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "tuner/config/json.hpp"
#include "tuner/skopt/gp_minimize.hpp"
#include "tuner/space/params.hpp"

namespace tunet::tuner {

// Best value found after each call (failed calls repeat the previous best;
// NaN before the first success).
std::vector<double> convergence(const GpResult& result);

struct PartialDependence1D {
  std::string dimension;
  std::vector<Value> values;  // grid, in the dimension's own units
  std::vector<double> mean;   // averaged model mean at each value
  // The model's std averaged over the same samples: mean +- 1.96 std is a 95%
  // band (at least as wide as the band of the average itself, since the std
  // of an average is at most the average of the stds).
  std::vector<double> std;
};

struct PartialDependence2D {
  std::string dimension_x, dimension_y;
  std::vector<Value> x_values, y_values;
  Eigen::MatrixXd mean;  // mean(i, j) at (x_values[i], y_values[j])
};

struct PartialDependenceOptions {
  int n_points = 40;    // grid size of a numeric dimension
  int n_samples = 250;  // configurations averaged over (skopt's default)
  std::uint64_t seed = 0;
};

// Throw Error when the result has no model or the name is unknown or Fixed.
PartialDependence1D partial_dependence_1d(const GpResult& result, const std::string& dimension,
                                          const PartialDependenceOptions& options = {});
PartialDependence2D partial_dependence_2d(const GpResult& result, const std::string& dimension_x,
                                          const std::string& dimension_y,
                                          const PartialDependenceOptions& options = {});

// CSV: "call,value,best" / "<dim>,mean" / "<dim_x>,<dim_y>,mean" (long form) /
// "call,<each parameter>,value" (plot_evaluations' points, in order).
std::string convergence_csv(const GpResult& result);
std::string partial_dependence_csv(const PartialDependence1D& pd);
std::string partial_dependence_csv(const PartialDependence2D& pd);
std::string evaluations_csv(const GpResult& result);

// JSON of all of it: {"convergence": [...], "evaluations": [...],
// "partial_dependence": [{"dimension", "values", "mean"}, ...],
// "partial_dependence_2d": [{"x", "y", "x_values", "y_values", "mean"}, ...]}
// for every searched dimension and pair (Fixed ones skipped).
Json plot_data_json(const GpResult& result, const PartialDependenceOptions& options = {});
// Writes convergence.csv, evaluations.csv, pd_<dim>.csv, pd_<dim_x>_<dim_y>.csv
// and plot_data.json into `dir` (created), each atomically.
void write_plot_data(const GpResult& result, const std::filesystem::path& dir,
                     const PartialDependenceOptions& options = {});

}  // namespace tunet::tuner
