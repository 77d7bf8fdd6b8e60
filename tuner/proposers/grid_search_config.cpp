// "algorithm": "grid" (search_config.hpp): `points` per dimension, or the listed `values`.
#include "tuner/config/json_fields.hpp"
#include "tuner/config/search_config.hpp"
#include "tuner/proposers/grid_search.hpp"

namespace tunet::tuner {
namespace {

constexpr int kMaxGridPoints = 10'000;  // more per dimension is a typing mistake

std::unique_ptr<Proposer> grid_proposer(const Json& search) {
  GridOptions o{.points = search_integer(search, "points", 5, 1, kMaxGridPoints)};
  if (search.contains("values")) {
    const Json& values = search.at("values");
    require_object(values, "search.values");
    for (const auto& [name, list] : values.items()) {
      const std::string at = field_path("search.values", name);
      if (!list.is_array() || list.empty()) field_error(at, "a non-empty list of values", list);
      for (size_t i = 0; i < list.size(); ++i) o.values[name].push_back(scalar_value(list[i], element_path(at, i)));
    }
  }
  return std::make_unique<GridSearch>(o);
}

SearchPlan parse_grid(const Json& search) { return fixed_budget_plan(search, grid_proposer); }

}  // namespace

TUNET_REGISTER_SEARCH_ALGORITHM(grid, {.name = "grid",
                                       .list_position = 4,
                                       .fields = {"epochs", "stoppers", "points", "values"},
                                       .parse = parse_grid});

}  // namespace tunet::tuner
