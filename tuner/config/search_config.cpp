#include "tuner/config/search_config.hpp"

#include <algorithm>
#include <tuple>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/proposers/stopping_proposer.hpp"
#include "tuner/schedulers/fixed_budget.hpp"

namespace tunet::tuner {

namespace {

// Sorted by (list_position, name); built by the static initialisers.
std::vector<SearchAlgorithm>& registered_algorithms() {
  static std::vector<SearchAlgorithm> algorithms;
  return algorithms;
}

}  // namespace

bool register_search_algorithm(SearchAlgorithm algorithm) {
  check(!algorithm.name.empty() && algorithm.parse != nullptr,
        "register_search_algorithm: a search algorithm needs a name and a parser");
  std::vector<std::string> names = algorithm.aliases;
  names.push_back(algorithm.name);
  for (const std::string& name : names)
    check(!find_search_algorithm(name), "register_search_algorithm: '" + name + "' is already registered");
  std::vector<SearchAlgorithm>& algorithms = registered_algorithms();
  const auto before = [](const SearchAlgorithm& a, const SearchAlgorithm& b) {
    return std::tie(a.list_position, a.name) < std::tie(b.list_position, b.name);
  };
  algorithms.insert(std::upper_bound(algorithms.begin(), algorithms.end(), algorithm, before), std::move(algorithm));
  return true;
}

const SearchAlgorithm* find_search_algorithm(const std::string& name) {
  for (const SearchAlgorithm& algorithm : registered_algorithms()) {
    if (algorithm.name == name) return &algorithm;
    if (std::find(algorithm.aliases.begin(), algorithm.aliases.end(), name) != algorithm.aliases.end())
      return &algorithm;
  }
  return nullptr;
}

std::vector<std::string> search_algorithms() {
  std::vector<std::string> names;
  for (const SearchAlgorithm& algorithm : registered_algorithms()) names.push_back(algorithm.name);
  return names;
}

int search_integer(const Json& search, const char* key, int fallback, int minimum, int maximum) {
  return static_cast<int>(integer_or(search, key, fallback, "search", minimum, maximum));
}

SearchPlan fixed_budget_plan(const Json& search, std::unique_ptr<Proposer> (*make_proposer)(const Json& search)) {
  require_field(search, "epochs", "search");
  const int epochs = search_integer(search, "epochs", 1, 1);
  SearchPlan plan{.proposer = make_proposer(search), .scheduler = nullptr};
  if (search.contains("stoppers"))
    plan.proposer = std::make_unique<StoppingProposer>(std::move(plan.proposer),
                                                       stoppers_from_json(search.at("stoppers"), "search.stoppers"));
  plan.scheduler = std::make_unique<FixedBudget>(*plan.proposer, epochs);
  return plan;
}

SearchPlan make_search(const Json& search, const std::set<std::string>& other_keys) {
  require_object(search, "search");
  require_field(search, "algorithm", "search");
  const std::string name = string_value(search.at("algorithm"), "search.algorithm");
  const SearchAlgorithm* algorithm = find_search_algorithm(name);
  if (!algorithm) {
    // "hyperband, asha, random, grid or gp"
    const std::vector<std::string> names = search_algorithms();
    std::string expected;
    for (size_t i = 0; i < names.size(); ++i)
      expected += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    field_error("search.algorithm", expected, search.at("algorithm"));
  }
  std::vector<std::string> known = {"algorithm"};
  known.insert(known.end(), other_keys.begin(), other_keys.end());
  known.insert(known.end(), algorithm->fields.begin(), algorithm->fields.end());
  check_fields(search, "search", known);
  return algorithm->parse(search);
}

}  // namespace tunet::tuner
