#pragma once
// ParEGO: several objectives turned into one for the GP, with a new random
// weighting at every model-based ask (J. Knowles, "ParEGO: a hybrid algorithm
// with on-line landscape approximation for expensive multiobjective
// optimization problems", IEEE Trans. Evol. Comput. 10(1), 2006, section III):
//
//   f_norm_j = (f_j - min_j) / (max_j - min_j)          over the told points, in [0, 1]
//   f_lambda = max_j (lambda_j f_norm_j) + rho * sum_j lambda_j f_norm_j,   rho = 0.05
//
// lambda is drawn uniformly from the s+k-1 choose k-1 vectors whose components
// are l/s (l = 0..s) and sum to 1; s = 10 for two objectives, 4 for three
// (Knowles's values), 3 beyond. Every coordinate is minimised.
#include <optional>
#include <vector>

#include "core/random.hpp"
#include "tuner/study/pareto.hpp"

namespace tunet::tuner {

constexpr double kParegoRho = 0.05;

// Knowles's weight vectors for `objectives` objectives (each sums to 1).
std::vector<std::vector<double>> parego_weight_set(int objectives);
// One of them, uniformly.
std::vector<double> parego_weights(int objectives, Rng& rng);

// The augmented Chebyshev scalarisation of each point under `weights`, the
// objectives normalised over the points given; NaN for a missing point (a
// failed trial: the GP leaves it out).
std::vector<double> parego_scalarise(const std::vector<std::optional<ObjectivePoint>>& points,
                                     const std::vector<double>& weights, double rho = kParegoRho);

}  // namespace tunet::tuner
