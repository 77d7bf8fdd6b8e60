#include "tuner/proposers/gp/space_transform.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace tunet::tuner {
namespace {

// Position of x in [low, high] (log scale for log-uniform reals), in [0, 1].
double real_to_unit(const Dimension& dim, double x) {
  if (dim.is_log()) return (std::log(x) - std::log(dim.low())) / (std::log(dim.high()) - std::log(dim.low()));
  return (x - dim.low()) / (dim.high() - dim.low());
}

double unit_to_real(const Dimension& dim, double u) {
  double x = dim.is_log() ? std::exp(std::log(dim.low()) + u * (std::log(dim.high()) - std::log(dim.low())))
                          : dim.low() + u * (dim.high() - dim.low());
  return std::clamp(x, dim.low(), dim.high());  // rounding must not leave the range
}

}  // namespace

SpaceTransform::SpaceTransform(Space space) : space_(std::move(space)) {
  for (const Dimension& dim : space_) {
    switch (dim.kind()) {
      case DimensionKind::Real:
        check(dim.high() > dim.low(), "SpaceTransform: real dimension '" + dim.name() + "' has an empty range");
        block_of_.push_back(static_cast<int>(layout_.blocks().size()));
        layout_.add_continuous();
        break;
      case DimensionKind::Integer: {
        const double levels = dim.high() - dim.low() + 1;
        check(levels <= 1e9, "SpaceTransform: integer dimension '" + dim.name() + "' has too many values");
        block_of_.push_back(static_cast<int>(layout_.blocks().size()));
        layout_.add_integer(static_cast<int>(levels), dim.is_log() ? dim.low() : 0.0);
        break;
      }
      case DimensionKind::Categorical:
        block_of_.push_back(static_cast<int>(layout_.blocks().size()));
        layout_.add_one_hot(static_cast<int>(dim.values().size()));
        break;
      case DimensionKind::Fixed:
        block_of_.push_back(-1);
        break;
    }
  }
}

const CubeBlock* SpaceTransform::block(const std::string& name) const {
  const auto& dims = space_.dimensions();
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i].name() == name) return block_of_[i] < 0 ? nullptr : &layout_.blocks()[block_of_[i]];
  }
  throw Error("SpaceTransform: no dimension named '" + name + "' in the space");
}

Eigen::VectorXd SpaceTransform::encode_dimension(const Dimension& dim, const CubeBlock& block,
                                                 const Value& value) const {
  Value v = dim.coerce(value);  // throws, naming the dimension, the value and the range
  Eigen::VectorXd u = Eigen::VectorXd::Zero(block.width());
  switch (dim.kind()) {
    case DimensionKind::Real:
      u[0] = real_to_unit(dim, as_number(v));
      break;
    case DimensionKind::Integer:
      u[0] = CubeLayout::integer_to_unit(std::get<std::int64_t>(v) - static_cast<std::int64_t>(dim.low()), block);
      break;
    case DimensionKind::Categorical: {
      auto it = std::find(dim.values().begin(), dim.values().end(), v);
      u[it - dim.values().begin()] = 1.0;
      break;
    }
    case DimensionKind::Fixed:
      break;
  }
  return u;
}

Value SpaceTransform::decode_dimension(const Dimension& dim, const CubeBlock& block,
                                       const Eigen::VectorXd& u) const {
  switch (dim.kind()) {
    case DimensionKind::Real:
      return unit_to_real(dim, u[block.offset]);
    case DimensionKind::Integer:
      return static_cast<std::int64_t>(dim.low()) + CubeLayout::unit_to_integer(u[block.offset], block);
    case DimensionKind::Categorical: {
      Eigen::Index best = 0;
      u.segment(block.offset, block.levels).maxCoeff(&best);
      return dim.values()[best];
    }
    case DimensionKind::Fixed:
      break;
  }
  return dim.values().front();
}

Eigen::VectorXd SpaceTransform::encode_value(const std::string& name, const Value& value) const {
  const CubeBlock* b = block(name);
  if (!b) return Eigen::VectorXd(0);
  return encode_dimension(space_[name], *b, value);
}

Value SpaceTransform::decode_value(const std::string& name, const Eigen::VectorXd& coordinates) const {
  const CubeBlock* b = block(name);
  if (!b) return space_[name].values().front();
  check(coordinates.size() == b->width(), "SpaceTransform::decode_value: '" + name + "' has " +
                                              std::to_string(b->width()) + " coordinates, got " +
                                              std::to_string(coordinates.size()));
  Eigen::VectorXd u = Eigen::VectorXd::Zero(layout_.n_coordinates());
  u.segment(b->offset, b->width()) = coordinates;
  return decode_dimension(space_[name], *b, u);
}

Eigen::VectorXd SpaceTransform::to_cube(const Params& params) const {
  Params canonical = space_.canonical(params);  // throws naming unknown, missing or out-of-range parameters
  Eigen::VectorXd u = Eigen::VectorXd::Zero(layout_.n_coordinates());
  const auto& dims = space_.dimensions();
  for (size_t i = 0; i < dims.size(); ++i) {
    if (block_of_[i] < 0 || !canonical.has(dims[i].name())) continue;  // Fixed, or inactive: zeros
    const CubeBlock& b = layout_.blocks()[block_of_[i]];
    u.segment(b.offset, b.width()) = encode_dimension(dims[i], b, canonical.at(dims[i].name()));
  }
  return u;
}

Params SpaceTransform::from_cube(const Eigen::VectorXd& u) const {
  check(u.size() == layout_.n_coordinates(), "SpaceTransform::from_cube: point has " + std::to_string(u.size()) +
                                                 " coordinates, the space " +
                                                 std::to_string(layout_.n_coordinates()));
  Params params;
  const auto& dims = space_.dimensions();
  for (size_t i = 0; i < dims.size(); ++i) {
    if (!space_.is_active(dims[i], params)) continue;
    if (block_of_[i] < 0) {
      params.set(dims[i].name(), dims[i].values().front());
    } else {
      params.set(dims[i].name(), decode_dimension(dims[i], layout_.blocks()[block_of_[i]], u));
    }
  }
  return params;
}

}  // namespace tunet::tuner
