#pragma once
// The initial design of a GP search: where the first n_initial_points
// configurations go before the model is used. scikit-optimize's
// `initial_point_generator` names and meanings:
//   "random"  independent uniform draws from the space's priors
//   "lhs"     Latin hypercube: each dimension cut into n equal strata, exactly
//             one point per stratum per dimension, at a random place inside it
//             (skopt's lhs_type="classic"), strata matched at random
//   "sobol"   Sobol' sequence, Joe & Kuo's direction numbers (below)
//   "halton"  Halton sequence, base = the j-th prime in dimension j
// The generators below return points of the unit cube with one coordinate per
// searched dimension; CubeLayout::place maps such a point through the space as
// skopt does (a real or log-real dimension takes the coordinate as it is in
// its linear or log scale, an integer the value whose bin holds it, a
// categorical choice floor(u * n_choices)).
//
// Both sequences start at their index 1, the first point after the origin
// (the origin would put every dimension at its lower bound):
//   sobol_sequence(3, 1)  -> 0.5, 0.75, 0.25
//   halton_sequence(3, 2) -> (1/2, 1/3), (1/4, 2/3), (3/4, 1/9)
// and do not depend on the seed (skopt draws a random number of skipped points;
// `skip` does that here when wanted).
#include <cstdint>
#include <string>

#include <Eigen/Core>

#include "core/random.hpp"

namespace tunet::tuner {

enum class InitialPointGenerator { Random, LatinHypercube, Sobol, Halton };
// "random", "lhs", "sobol", "halton"; throws Error naming the choices otherwise.
InitialPointGenerator parse_initial_point_generator(const std::string& name);
const char* initial_point_generator_name(InitialPointGenerator generator);

// Dimensions that Joe & Kuo's table is carried for here (dimension 1 is van der Corput).
inline constexpr int kSobolMaxDimensions = 32;

// Sobol' points with indices skip+1 .. skip+n (rows) in d <= kSobolMaxDimensions
// dimensions: x_i = (x_{i-1} XOR v_c) / 2^32 in Gray-code order (Antonov & Saleev
// 1979), c = the position of the lowest zero bit of i-1, direction numbers
// v_k = m_k 2^(32-k) for k <= s and v_k = v_{k-s} XOR (v_{k-s} >> s) XOR
// sum_{l=1}^{s-1} a_l v_{k-l} after, from the primitive polynomials (s, a) and
// initial m_k of S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better
// two-dimensional projections", SIAM J. Sci. Comput. 30 (2008), file
// new-joe-kuo-6.21201.
Eigen::MatrixXd sobol_sequence(int n, int d, uint64_t skip = 0);

// Halton points with indices skip+1 .. skip+n: coordinate j of point i is the
// radical inverse of i in base p_j (the j-th prime): i = sum_k b_k p^k ->
// sum_k b_k p^-(k+1) (Halton 1960).
Eigen::MatrixXd halton_sequence(int n, int d, uint64_t skip = 0);

// n points of a Latin hypercube in d dimensions: coordinate j of point i is
// (pi_j(i) + U) / n with pi_j a random permutation of 0..n-1 and U ~ U[0, 1).
Eigen::MatrixXd latin_hypercube(int n, int d, Rng& rng);

}  // namespace tunet::tuner
