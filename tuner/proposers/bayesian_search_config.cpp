// "algorithm": "gp" or "bayesian" (search_config.hpp): skopt's gp_minimize as a proposer.
#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/config/search_config.hpp"
#include "tuner/proposers/bayesian_search.hpp"

namespace tunet::tuner {
namespace {

constexpr int kMaxGpCalls = 100'000;  // more is a typing mistake, and a long loop before the first trial

std::unique_ptr<Proposer> bayesian_proposer(const Json& search) {
  GpSearchOptions o;
  o.n_calls = search_integer(search, "n_calls", o.n_calls, 1, kMaxGpCalls);
  o.n_initial_points = search_integer(search, "n_initial_points", o.n_initial_points, 0, kMaxGpCalls);
  o.initial_point_generator = string_or(search, "initial_point_generator", o.initial_point_generator, "search");
  o.acq_func = string_or(search, "acq_func", o.acq_func, "search");
  o.xi = number_or(search, "xi", o.xi, "search");
  o.kappa = number_or(search, "kappa", o.kappa, "search");
  if (search.contains("x0")) {
    const Json& x0 = search.at("x0");
    require_array(x0, "search.x0");
    for (size_t i = 0; i < x0.size(); ++i) o.x0.push_back(params_from_json(x0[i], element_path("search.x0", i)));
  }
  if (search.contains("y0")) {
    const Json& y0 = search.at("y0");
    require_array(y0, "search.y0");
    for (size_t i = 0; i < y0.size(); ++i) o.y0.push_back(number_value(y0[i], element_path("search.y0", i)));
  }
  try {
    return std::make_unique<BayesianSearch>(o);
  } catch (const Error& e) {
    throw Error(std::string("search: ") + e.what());
  }
}

SearchPlan parse_bayesian(const Json& search) { return fixed_budget_plan(search, bayesian_proposer); }

}  // namespace

TUNET_REGISTER_SEARCH_ALGORITHM(bayesian, {.name = "gp",
                                           .aliases = {"bayesian"},
                                           .list_position = 5,
                                           .fields = {"epochs", "stoppers", "n_calls", "n_initial_points",
                                                      "initial_point_generator", "acq_func", "xi", "kappa", "x0", "y0"},
                                           .parse = parse_bayesian});

}  // namespace tunet::tuner
