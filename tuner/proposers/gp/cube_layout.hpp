#pragma once
// CubeLayout: how a search space looks to the Gaussian process, the unit cube
// [0, 1]^D cut into blocks, one per searched dimension:
//   Continuous  1 coordinate, any value (real dimensions, log ones in log space)
//   Integer     1 coordinate cut into `levels` bins, one per value, the value
//               <-> its bin's centre. Equal bins, (v - low + 1/2) / levels, so
//               a uniform draw gives every integer the same probability
//               (skopt's rounding gives the two end values half of it); for a
//               log-uniform integer, the bin of v is [log v, log(v+1)) scaled
//               from [log low, log(high+1)) (the prior of Dimension::sample)
//   OneHot      `levels` coordinates, category j <-> the unit vector e_j; a
//               point snaps to the category of its largest coordinate, so
//               categories are unordered and all equally far apart (skopt
//               squeezes them into one ordinal coordinate)
// snap() moves any cube point to the nearest point that a real configuration
// maps to; the acquisition is optimised over snapped points only.
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "core/random.hpp"

namespace tunet::tuner {

struct CubeBlock {
  enum class Kind { Continuous, Integer, OneHot };
  Kind kind = Kind::Continuous;
  int offset = 0;  // first coordinate
  int levels = 0;  // Integer: number of values; OneHot: number of categories
  double log_low = 0.0;  // log-uniform Integer: its low value (> 0); 0 for equal bins
  int width() const { return kind == Kind::OneHot ? levels : 1; }
};

class CubeLayout {
 public:
  CubeLayout() = default;
  static CubeLayout continuous(int n_dims);  // [0, 1]^n_dims, no discrete block

  void add_continuous();
  void add_integer(int levels, double log_low = 0.0);
  void add_one_hot(int levels);

  int n_coordinates() const { return n_coordinates_; }
  const std::vector<CubeBlock>& blocks() const { return blocks_; }
  bool all_continuous() const;
  // Coordinates that gradient refinement may move (those of Continuous blocks).
  std::vector<bool> continuous_mask() const;
  // [offset, offset + width) of each OneHot block (the GP's Hamming terms).
  std::vector<std::pair<int, int>> one_hot_blocks() const;
  // Number of distinct snapped points when no block is continuous.
  std::optional<uint64_t> n_distinct() const;

  void snap(Eigen::Ref<Eigen::VectorXd> u) const;  // in place, also clips to [0, 1]
  Eigen::VectorXd sample(Rng& rng) const;           // uniform, snapped
  // A point with one coordinate in [0, 1) per block (an initial design's,
  // initial_points.hpp) -> the snapped cube point: Continuous as it is,
  // Integer the value whose bin holds it, OneHot category floor(v * levels).
  Eigen::VectorXd place(const Eigen::Ref<const Eigen::VectorXd>& per_block) const;
  // n points (rows) of the additive recurrence u_i = frac(shift + i a) with
  // a_j = frac(1 / phi_D^j), phi_D the root of x^(D+1) = x + 1 (Roberts' R_D
  // sequence, low discrepancy in every dimension), shift ~ U[0,1)^D; snapped.
  // Cheaper and more even than as many random draws.
  Eigen::MatrixXd low_discrepancy(int n, Rng& rng) const;

  // Integer block: value index (v - low) in [0, levels) <-> coordinate.
  static double integer_to_unit(int64_t index, const CubeBlock& block);
  static int64_t unit_to_integer(double u, const CubeBlock& block);

 private:
  std::vector<CubeBlock> blocks_;
  int n_coordinates_ = 0;
};

}  // namespace tunet::tuner
