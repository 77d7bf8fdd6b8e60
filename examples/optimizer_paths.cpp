// Optimizers on the Rosenbrock surface: two parameters in a tunet Tensor, the
// loss written with core ops, autograd for the gradient, and nn's optimizers
// for the steps, exactly as they train a network. Then three optimizers'
// paths drawn over the contours (gnuplot; `tunet optimizers` does the same for
// every optimizer on four surfaces).
#include <iostream>

#include "core/ops.hpp"
#include "nn/optimizer.hpp"
#include "tuner/plot/gnuplot.hpp"
#include "tuner/teaching/optimizer_paths.hpp"

namespace nn = tunet::nn;
namespace teaching = tunet::tuner::teaching;
using tunet::Tensor;

int main() {
  // The loop itself: 1000 Adam steps on (1 - x)^2 + 100 (y - x^2)^2 from (-1.2, 1).
  Tensor p = Tensor::from({2}, {-1.2f, 1.0f});
  p.requires_grad_();
  auto adam = nn::make_optimizer("adam", {{"learning_rate", 0.05}});
  for (int step = 0; step < 1000; ++step) {
    const Tensor x = tunet::slice(p, 0, 0, 1), y = tunet::slice(p, 0, 1, 2);
    Tensor loss = tunet::sum(tunet::pow(x - 1.0f, 2) + 100.0f * tunet::pow(y - x * x, 2));
    loss.backward();
    adam->step(p, p.grad());
    p.zero_grad();
  }
  const std::vector<float> end = p.to_vector();
  std::cout << "Adam after 1000 steps: (" << end[0] << ", " << end[1] << "), the minimum is at (1, 1)\n";

  // The same loop, recorded, for three optimizers; then the picture.
  const teaching::Surface& rosenbrock = teaching::surface("rosenbrock");
  std::vector<teaching::OptimizerPath> paths;
  for (const char* name : {"momentum", "rmsprop", "adam"})
    paths.push_back(teaching::descend(rosenbrock, name, {}, rosenbrock.steps));
  const auto figures = tunet::tuner::plot::write_figures({teaching::optimizer_paths_figure(rosenbrock, paths)},
                                                         "optimizer_paths_figures");
  std::cout << figures.summary() << "\n";
}
