#pragma once
// Bayesian optimisation explained in pictures, on a 1-D function: each step of
// tunet's GP optimizer (the engine of gp_minimize and BayesianSearch) drawn as
// the observations so far, the GP's mean and 95% band, the true function, the
// acquisition function and the point it picks next; and the same steps as one
// animated GIF. The function is the one of scikit-optimize's "Bayesian
// optimization" example, without its noise:
//   f(x) = sin(5 x) (1 - tanh(x^2)),   x in [-2, 2]
//
//   ExplainGp demo = explain_gp({.acq_func = "EI", .n_steps = 8});
//   plot::write_figures(demo.figures, "explain_gp");   // explain_gp_step_1.png ... explain_gp.gif
#include <cstdint>
#include <string>
#include <vector>

#include "tuner/plot/figure.hpp"

namespace tunet::tuner::teaching {

struct ExplainGpOptions {
  std::string acq_func = "EI";  // "EI", "PI" or "LCB"
  int n_initial_points = 3;     // before the GP is used (a Latin hypercube)
  int n_steps = 8;              // model-based steps, one picture each
  double xi = 0.01;             // EI, PI
  double kappa = 1.96;          // LCB
  std::uint64_t seed = 1;
};

struct ExplainGpStep {
  double next_x = 0, next_y = 0;  // the point the acquisition picked, and f there
  double best_y = 0;              // the lowest value observed before it
};

struct ExplainGp {
  std::vector<ExplainGpStep> steps;
  std::vector<plot::Figure> figures;  // explain_gp_step_<k> (PNG + SVG) and explain_gp (animated GIF)
};

double explain_gp_function(double x);  // f above

// Throws Error for an unknown acquisition function or counts below 1.
ExplainGp explain_gp(const ExplainGpOptions& options = {});

}  // namespace tunet::tuner::teaching
