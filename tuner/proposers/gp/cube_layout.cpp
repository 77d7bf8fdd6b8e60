#include "tuner/proposers/gp/cube_layout.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"

namespace tunet::tuner {

CubeLayout CubeLayout::continuous(int n_dims) {
  CubeLayout layout;
  for (int i = 0; i < n_dims; ++i) layout.add_continuous();
  return layout;
}

void CubeLayout::add_continuous() {
  blocks_.push_back({CubeBlock::Kind::Continuous, n_coordinates_, 0});
  n_coordinates_ += 1;
}

void CubeLayout::add_integer(int levels, double log_low) {
  check(levels >= 1, "CubeLayout::add_integer: an integer dimension needs at least 1 value, got " +
                         std::to_string(levels));
  check(log_low >= 0, "CubeLayout::add_integer: a log-uniform integer needs low > 0, got " + std::to_string(log_low));
  blocks_.push_back({CubeBlock::Kind::Integer, n_coordinates_, levels, log_low});
  n_coordinates_ += 1;
}

void CubeLayout::add_one_hot(int levels) {
  check(levels >= 1, "CubeLayout::add_one_hot: a categorical dimension needs at least 1 category, got " +
                         std::to_string(levels));
  blocks_.push_back({CubeBlock::Kind::OneHot, n_coordinates_, levels});
  n_coordinates_ += levels;
}

bool CubeLayout::all_continuous() const {
  return std::all_of(blocks_.begin(), blocks_.end(),
                     [](const CubeBlock& b) { return b.kind == CubeBlock::Kind::Continuous; });
}

std::vector<bool> CubeLayout::continuous_mask() const {
  std::vector<bool> mask(n_coordinates_, false);
  for (const CubeBlock& b : blocks_) {
    if (b.kind == CubeBlock::Kind::Continuous) mask[b.offset] = true;
  }
  return mask;
}

std::vector<std::pair<int, int>> CubeLayout::one_hot_blocks() const {
  std::vector<std::pair<int, int>> blocks;
  for (const CubeBlock& b : blocks_) {
    if (b.kind == CubeBlock::Kind::OneHot) blocks.emplace_back(b.offset, b.levels);
  }
  return blocks;
}

std::optional<uint64_t> CubeLayout::n_distinct() const {
  uint64_t count = 1;
  for (const CubeBlock& b : blocks_) {
    if (b.kind == CubeBlock::Kind::Continuous) return std::nullopt;
    if (count > UINT64_MAX / static_cast<uint64_t>(b.levels)) return std::nullopt;  // practically infinite
    count *= static_cast<uint64_t>(b.levels);
  }
  return count;
}

// Log bins: the edge of value low + k sits at log((low + k) / low) / log((high + 1) / low).
double CubeLayout::integer_to_unit(int64_t index, const CubeBlock& block) {
  if (block.log_low == 0.0) return (index + 0.5) / block.levels;
  const double low = block.log_low, width = std::log((low + block.levels) / low);
  return 0.5 * (std::log((low + index) / low) + std::log((low + index + 1) / low)) / width;
}

int64_t CubeLayout::unit_to_integer(double u, const CubeBlock& block) {
  double index = block.log_low == 0.0
                     ? std::floor(u * block.levels)
                     : std::floor(block.log_low * std::pow((block.log_low + block.levels) / block.log_low, u) -
                                  block.log_low);
  return std::clamp<int64_t>(static_cast<int64_t>(index), 0, block.levels - 1);
}

void CubeLayout::snap(Eigen::Ref<Eigen::VectorXd> u) const {
  check(u.size() == n_coordinates_, "CubeLayout::snap: point has " + std::to_string(u.size()) +
                                        " coordinates, the layout " + std::to_string(n_coordinates_));
  for (const CubeBlock& b : blocks_) {
    switch (b.kind) {
      case CubeBlock::Kind::Continuous:
        u[b.offset] = std::clamp(u[b.offset], 0.0, 1.0);
        break;
      case CubeBlock::Kind::Integer:
        u[b.offset] = integer_to_unit(unit_to_integer(u[b.offset], b), b);
        break;
      case CubeBlock::Kind::OneHot: {
        Eigen::Index best = 0;
        u.segment(b.offset, b.levels).maxCoeff(&best);
        u.segment(b.offset, b.levels).setZero();
        u[b.offset + best] = 1.0;
        break;
      }
    }
  }
}

Eigen::VectorXd CubeLayout::sample(Rng& rng) const {
  Eigen::VectorXd u(n_coordinates_);
  for (int i = 0; i < n_coordinates_; ++i) u[i] = rng.uniform();
  snap(u);
  return u;
}

Eigen::VectorXd CubeLayout::place(const Eigen::Ref<const Eigen::VectorXd>& per_block) const {
  check(per_block.size() == static_cast<Eigen::Index>(blocks_.size()),
        "CubeLayout::place: point has " + std::to_string(per_block.size()) + " coordinates, the layout " +
            std::to_string(blocks_.size()) + " blocks");
  Eigen::VectorXd u = Eigen::VectorXd::Zero(n_coordinates_);
  for (size_t k = 0; k < blocks_.size(); ++k) {
    const CubeBlock& b = blocks_[k];
    const double v = std::clamp(per_block[static_cast<Eigen::Index>(k)], 0.0, 1.0);
    switch (b.kind) {
      case CubeBlock::Kind::Continuous:
        u[b.offset] = v;
        break;
      case CubeBlock::Kind::Integer:
        u[b.offset] = integer_to_unit(unit_to_integer(v, b), b);
        break;
      case CubeBlock::Kind::OneHot:
        u[b.offset + std::min(static_cast<int>(v * b.levels), b.levels - 1)] = 1.0;
        break;
    }
  }
  return u;
}

}  // namespace tunet::tuner

namespace tunet::tuner {

Eigen::MatrixXd CubeLayout::low_discrepancy(int n, Rng& rng) const {
  const int d = n_coordinates_;
  double phi = 2.0;  // root of x^(d+1) = x + 1 by fixed-point iteration
  for (int k = 0; k < 50; ++k) phi = std::pow(1.0 + phi, 1.0 / (d + 1));
  Eigen::RowVectorXd step(d), shift(d);
  for (int j = 0; j < d; ++j) {
    step[j] = std::fmod(std::pow(1.0 / phi, j + 1), 1.0);
    shift[j] = rng.uniform();
  }
  Eigen::MatrixXd points(n, d);
  Eigen::RowVectorXd u = shift;
  const bool snapping = !all_continuous();
  Eigen::VectorXd row(d);
  for (int i = 0; i < n; ++i) {
    u += step;
    u = u.array() - u.array().floor();
    if (snapping) {
      row = u.transpose();
      snap(row);
      points.row(i) = row.transpose();
    } else {
      points.row(i) = u;
    }
  }
  return points;
}

}  // namespace tunet::tuner
