#pragma once
// SpaceTransform: a named search space <-> the unit cube the GP works in.
//
//   SpaceTransform t(space);
//   Eigen::VectorXd u = t.to_cube(params);   // params: canonical for the space
//   Params back = t.from_cube(u);            // canonical again
//
// One block of cube coordinates per dimension (CubeLayout):
//   Real         (x - low) / (high - low); log-uniform: the same on log x
//   Integer      an equal bin per value (log-uniform: log-spaced bins), see
//                cube_layout.hpp; decoding floors into the bin
//   Categorical  one-hot, one coordinate per choice (decoding: the largest)
//   Fixed        no coordinate (its value is always added back)
// A conditional dimension that is inactive in a configuration encodes as
// zeros and is absent from the decoded configuration, so configurations that
// differ only in inactive coordinates decode to the same Params.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "tuner/proposers/gp/cube_layout.hpp"
#include "tuner/space/params.hpp"
#include "tuner/space/space.hpp"

namespace tunet::tuner {

class SpaceTransform {
 public:
  explicit SpaceTransform(Space space);

  const Space& space() const { return space_; }
  const CubeLayout& layout() const { return layout_; }
  int n_coordinates() const { return layout_.n_coordinates(); }

  // Throws Error naming the parameter when params do not fit the space.
  Eigen::VectorXd to_cube(const Params& params) const;
  Params from_cube(const Eigen::VectorXd& u) const;

  // The cube block of dimension `name` (nullptr for a Fixed dimension);
  // throws Error for an unknown name.
  const CubeBlock* block(const std::string& name) const;
  // Coordinates of `value` in the block of dimension `name` (width() values),
  // and the value at given block coordinates.
  Eigen::VectorXd encode_value(const std::string& name, const Value& value) const;
  Value decode_value(const std::string& name, const Eigen::VectorXd& coordinates) const;

 private:
  Eigen::VectorXd encode_dimension(const Dimension& dim, const CubeBlock& block, const Value& value) const;
  Value decode_dimension(const Dimension& dim, const CubeBlock& block, const Eigen::VectorXd& u) const;

  Space space_;
  CubeLayout layout_;
  std::vector<int> block_of_;  // per dimension: index into layout_.blocks(), -1 for Fixed
};

}  // namespace tunet::tuner
