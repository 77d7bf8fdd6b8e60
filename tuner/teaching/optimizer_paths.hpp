#pragma once
// Optimizers on 2-D test surfaces, in pictures (teaching): the nn optimizers
// step on a tunet Tensor of two parameters, whose gradient autograd computes
// from the surface written with core ops, exactly as they step on a model's
// weights. All start from the same point; the pictures draw every path over
// the surface's contours, and the loss against the step.
//
//   const Surface& s = surface("rosenbrock");
//   OptimizerPath adam = descend(s, "adam", {{"learning_rate", 0.05}}, 300);
//   adam.points[10];            // (x, y, loss) before step 11
//   plot::write_figures({optimizer_paths_figure(s, {adam})}, "paths");
//
// Surfaces (formula; start; minimum):
//   rosenbrock  (1 - x)^2 + 100 (y - x^2)^2; (-1.2, 1), Rosenbrock's own start; (1, 1)
//   beale       (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2; (1, 1.4); (3, 0.5)
//   ill-bowl    x^2 / 2 + 10 y^2, a bowl 20 times steeper across than along; (-4.5, 1.5); (0, 0)
//   saddle      x^2 - y^2 + y^4 / 4: a saddle point at the origin, minima at (0, +-sqrt 2);
//               (-1.5, 0.001), just off the ridge that leads into the saddle
#include <array>
#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "nn/optimizer.hpp"
#include "tuner/plot/figure.hpp"

namespace tunet::tuner::teaching {

struct Surface {
  std::string name;
  std::string formula;                 // for titles
  std::array<double, 2> start;         // every optimizer starts here
  std::vector<std::array<double, 2>> minima;
  std::array<double, 4> view;          // x_low, x_high, y_low, y_high of the pictures
  int steps = 300;                     // default number of steps
  // Learning rates that show each optimizer at its best-behaved on this
  // surface (chosen by hand; the others keep Keras's defaults).
  std::vector<std::pair<std::string, double>> learning_rates;
  // The loss of a (2) tensor of parameters as core ops (autograd records it),
  // and the same in double precision for the contour grid.
  Tensor (*loss)(const Tensor& parameters);
  double (*value)(double x, double y);
};

const std::vector<Surface>& surfaces();
const Surface& surface(const std::string& name);  // Error listing the names for an unknown one

struct OptimizerPath {
  std::string optimizer;           // as given to make_optimizer
  nn::OptimizerSettings settings;  // every setting in force
  std::vector<std::array<double, 3>> points;  // (x, y, loss) at the start and after each step
  bool diverged = false;           // stopped early: the loss or a parameter became non-finite or huge
};

// `steps` steps of optimizer `name` (make_optimizer's names and settings) from
// the surface's start; the surface's learning rate for it unless `settings`
// holds one.
OptimizerPath descend(const Surface& surface, const std::string& name, nn::OptimizerSettings settings, int steps);

// One picture: the paths over the contours (left), the loss by step (right).
plot::Figure optimizer_paths_figure(const Surface& surface, const std::vector<OptimizerPath>& paths);

// The CSV of a path ("step,x,y,loss"), as the figure writes it.
std::string path_csv(const OptimizerPath& path);

}  // namespace tunet::tuner::teaching
