// A finite space's configurations (declared in space.hpp): the product of
// per-dimension value lists, first dimension slowest, inactive parameters
// removed and duplicates dropped. Grid search enumerates its grid with
// product(); Space::enumerate lists a space without reals, which random
// search falls back on when its rejections say the space is nearly used up.
#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "tuner/space/numbers.hpp"
#include "tuner/space/space.hpp"

namespace tunet::tuner {

bool Space::is_finite() const {
  return std::none_of(dims_.begin(), dims_.end(),
                      [](const Dimension& d) { return d.kind() == DimensionKind::Real; });
}

std::vector<Params> Space::enumerate(size_t limit) const {
  check(is_finite(), "the space has real-valued dimensions: its configurations cannot be enumerated");
  std::vector<std::vector<Value>> values;
  for (const Dimension& d : dims_) {
    if (d.kind() != DimensionKind::Integer) {
      values.push_back(d.values());
      continue;
    }
    check(d.high() - d.low() < static_cast<double>(limit),
          "hyperparameter '" + d.name() + "' has too many values to enumerate");
    std::vector<Value> ints;
    for (auto k = static_cast<std::int64_t>(d.low()); k <= static_cast<std::int64_t>(d.high()); ++k)
      ints.emplace_back(k);
    values.push_back(std::move(ints));
  }
  return product(*this, values, limit);
}

std::vector<Params> product(const Space& space, const std::vector<std::vector<Value>>& values,
                            size_t limit) {
  const auto& dims = space.dimensions();
  check(values.size() == dims.size(), "product: one value list per dimension expected");
  double count = 1;
  for (const auto& v : values) {
    check(!v.empty(), "product: an empty value list");
    count *= static_cast<double>(v.size());
  }
  check(count <= static_cast<double>(limit),
        "the grid holds " + number_text(count) + " combinations, more than the limit " + std::to_string(limit));

  std::vector<Params> out;
  std::set<std::string> seen;
  std::vector<size_t> index(dims.size(), 0);  // odometer, last dimension fastest
  while (true) {
    Params p;
    for (size_t k = 0; k < dims.size(); ++k)
      if (space.is_active(dims[k], p)) p.set(dims[k].name(), values[k][index[k]]);
    if (seen.insert(p.key()).second) out.push_back(std::move(p));
    size_t k = dims.size();
    while (k > 0) {
      --k;
      if (++index[k] < values[k].size()) break;
      index[k] = 0;
      if (k == 0) return out;
    }
    if (dims.empty()) return out;
  }
}

}  // namespace tunet::tuner
