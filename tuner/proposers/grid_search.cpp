#include "tuner/proposers/grid_search.hpp"

#include <cmath>
#include <set>

#include "core/error.hpp"

namespace tunet::tuner {

GridSearch::GridSearch(GridOptions options) : options_(std::move(options)) {
  check(options_.points >= 1, "grid: points per dimension must be >= 1, got " + std::to_string(options_.points));
}

Json GridSearch::settings() const {
  Json j = Json::object();
  j["points"] = options_.points;
  Json values = Json::object();
  for (const auto& [name, list] : options_.values) {
    Json v = Json::array();
    for (const Value& x : list) v.push_back(value_to_json(x));
    values[name] = v;
  }
  j["values"] = values;
  return j;
}

std::vector<Value> GridSearch::grid_values(const Dimension& dim) const {
  if (auto it = options_.values.find(dim.name()); it != options_.values.end()) {
    check(!it->second.empty(), "grid: no values listed for '" + dim.name() + "'");
    std::vector<Value> out;
    for (const Value& v : it->second) {
      try {
        out.push_back(dim.coerce(v));
      } catch (const Error& e) {
        throw Error(std::string("grid: ") + e.what());
      }
    }
    return out;
  }
  if (!dim.is_numeric()) return dim.values();

  const int n = options_.points;
  std::vector<Value> out;
  std::set<std::string> seen;
  for (int k = 0; k < n; ++k) {
    // t in [0, 1]; a single point sits in the middle of the range
    double t = n == 1 ? 0.5 : static_cast<double>(k) / (n - 1);
    double x = dim.is_log() ? std::exp(std::log(dim.low()) + t * (std::log(dim.high()) - std::log(dim.low())))
                            : dim.low() + t * (dim.high() - dim.low());
    x = std::min(std::max(x, dim.low()), dim.high());
    Value v = dim.kind() == DimensionKind::Integer ? Value(static_cast<std::int64_t>(std::llround(x))) : Value(x);
    if (seen.insert(to_string(v)).second) out.push_back(v);
  }
  return out;
}

void GridSearch::start(const Space& space, Rng, Direction) {
  for (const auto& [name, list] : options_.values) (void)space[name];  // unknown names throw
  std::vector<std::vector<Value>> values;
  for (const Dimension& d : space) values.push_back(grid_values(d));
  grid_ = product(space, values);
  next_ = 0;
}

std::optional<Params> GridSearch::ask() {
  if (next_ >= grid_.size()) return std::nullopt;
  return grid_[next_++];
}

void GridSearch::tell(const Trial&) {}

std::optional<size_t> GridSearch::remaining() const { return grid_.size() - next_; }

}  // namespace tunet::tuner
