// Links tunet::tuner alone: scikit-optimize's gp_minimize on a closed-form objective.
#include <cmath>
#include <iostream>

#include "tuner/tuner.hpp"

namespace tu = tunet::tuner;

int main() {
  auto f = [](const tu::Params& hp) { return std::pow(hp.real("x") - 0.3, 2); };
  const tu::GpResult r = tu::gp_minimize(f, tu::Space{tu::Real("x", -1, 1)}, {.n_calls = 12, .seed = 1});
  std::cout << "tuner: best x = " << r.x.real("x") << " after " << r.func_vals.size() << " calls\n";
  return std::abs(r.x.real("x") - 0.3) < 0.2 ? 0 : 1;
}
