#pragma once
// expected_minimum: scikit-optimize's skopt.utils.expected_minimum, the
// configuration where the fitted GP's *mean* is lowest, and that mean. Unlike
// result.x (the best value observed, noise included) it is the model's
// estimate of the true minimum.
//
//   GpResult r = gp_minimize(f, space, {.n_calls = 30});
//   ExpectedMinimum m = expected_minimum(r);   // m.x (Params), m.fun
//
// As skopt: bounded L-BFGS on the mean mu(x) (its analytic gradient), started
// from result.x and from n_random_starts configurations drawn from the space's
// priors; the lowest end point wins. In tunet's cube the continuous
// coordinates move and the discrete ones (integers, categories) stay where
// each start put them; the end point is snapped and decoded, and fun is the
// mean at that configuration.
#include <cstdint>
#include <iosfwd>

#include "tuner/skopt/gp_minimize.hpp"
#include "tuner/space/params.hpp"
#include "tuner/study/results.hpp"

namespace tunet::tuner {

struct ExpectedMinimum {
  Params x;
  double fun = 0.0;  // the GP mean at x, in the objective's units (the loss)
};

// Throws Error when the result has no model (no call succeeded).
ExpectedMinimum expected_minimum(const GpResult& result, int n_random_starts = 20, std::uint64_t seed = 0);

// For a Study's results (gp_result(results, seed)): one line, printed by
// `tunet results` and at the end of a GP search, e.g.
//   Expected best by the GP mean (expected_minimum): {learning_rate=0.0031, layers=1}, val_loss = 0.3127
// in the metric's units; nothing when fewer than 2 trials completed.
void print_expected_minimum(std::ostream& out, const Results& results, std::uint64_t seed);

}  // namespace tunet::tuner
