#include "tuner/config/search_config.hpp"

#include <limits>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/proposers/bayesian_search.hpp"
#include "tuner/proposers/bohb_proposer.hpp"
#include "tuner/proposers/grid_search.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/proposers/stopping_proposer.hpp"
#include "tuner/schedulers/asha.hpp"
#include "tuner/schedulers/fixed_budget.hpp"
#include "tuner/schedulers/hyperband.hpp"

namespace tunet::tuner {

namespace {

// Sizes beyond these are typing mistakes, and would allocate or loop for long
// before the first trial: grid points per dimension, GP calls.
constexpr int kMaxGridPoints = 10'000;
constexpr int kMaxGpCalls = 100'000;
constexpr int kMaxHyperbandIterations = 1'000;

int integer_field(const Json& search, const char* key, int fallback, int minimum,
                  int maximum = std::numeric_limits<int>::max()) {
  return static_cast<int>(integer_or(search, key, fallback, "search", minimum, maximum));
}

}  // namespace

SearchPlan make_search(const Json& search, const std::set<std::string>& other_keys) {
  require_object(search, "search");
  require_field(search, "algorithm", "search");
  const std::string algorithm = string_value(search.at("algorithm"), "search.algorithm");
  std::vector<std::string> known = {"algorithm"};
  known.insert(known.end(), other_keys.begin(), other_keys.end());
  SearchPlan plan;
  if (algorithm == "hyperband") {
    known.insert(known.end(), {"R", "eta", "hyperband_iterations", "proposer", "random_fraction"});
    check_fields(search, "search", known);
    HyperbandOptions o{.R = integer_field(search, "R", 81, 1), .eta = integer_field(search, "eta", 3, 2),
                       .iterations = integer_field(search, "hyperband_iterations", 1, 1, kMaxHyperbandIterations)};
    // "gp" and "bohb" both name the model-based proposer (bohb_proposer.hpp: BOHB with a GP as its model).
    const std::string proposer = string_or(search, "proposer", "random", "search");
    if (proposer == "gp" || proposer == "bohb") {
      BohbOptions bohb;
      bohb.random_fraction = number_or(search, "random_fraction", bohb.random_fraction, "search");
      if (!(bohb.random_fraction >= 0 && bohb.random_fraction <= 1))
        field_error("search.random_fraction", "a fraction in [0, 1]", search.at("random_fraction"));
      plan.scheduler = std::make_unique<Hyperband>(o, std::make_unique<BohbProposer>(bohb));
    } else if (proposer == "random") {
      if (search.contains("random_fraction"))
        field_error("search.random_fraction", "no value: it applies to \"proposer\": \"gp\" only",
                    search.at("random_fraction"));
      plan.scheduler = std::make_unique<Hyperband>(o);
    } else {
      field_error("search.proposer", "random, gp or bohb", search.at("proposer"));
    }
  } else if (algorithm == "asha") {
    known.insert(known.end(), {"min_epochs", "max_epochs", "R", "eta", "max_trials"});
    check_fields(search, "search", known);
    if (search.contains("max_epochs") && search.contains("R"))
      field_error("search.R", "no value: R and max_epochs name the same thing, give one", search.at("R"));
    AshaOptions o;
    o.min_epochs = integer_field(search, "min_epochs", o.min_epochs, 1);
    o.max_epochs = integer_field(search, search.contains("R") ? "R" : "max_epochs", o.max_epochs, o.min_epochs);
    o.eta = integer_field(search, "eta", o.eta, 2);
    o.max_trials = integer_field(search, "max_trials", o.max_trials, 1);
    plan.scheduler = std::make_unique<Asha>(o);
  } else if (algorithm == "random" || algorithm == "grid" || algorithm == "gp" || algorithm == "bayesian") {
    known.insert(known.end(), {"epochs", "stoppers"});
    if (algorithm == "gp" || algorithm == "bayesian") {
      known.insert(known.end(), {"n_calls", "n_initial_points", "initial_point_generator", "acq_func", "xi", "kappa",
                                 "x0", "y0"});
    } else if (algorithm == "random") {
      known.push_back("n_trials");
    } else {
      known.insert(known.end(), {"points", "values"});
    }
    check_fields(search, "search", known);
    require_field(search, "epochs", "search");
    const int epochs = integer_field(search, "epochs", 1, 1);
    if (algorithm == "gp" || algorithm == "bayesian") {
      GpSearchOptions o;
      o.n_calls = integer_field(search, "n_calls", o.n_calls, 1, kMaxGpCalls);
      o.n_initial_points = integer_field(search, "n_initial_points", o.n_initial_points, 0, kMaxGpCalls);
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
        plan.proposer = std::make_unique<BayesianSearch>(o);
      } catch (const Error& e) {
        throw Error(std::string("search: ") + e.what());
      }
    } else if (algorithm == "random") {
      plan.proposer = std::make_unique<RandomSearch>(RandomOptions{.n_trials = integer_field(search, "n_trials", 10, 1)});
    } else {
      GridOptions o{.points = integer_field(search, "points", 5, 1, kMaxGridPoints)};
      if (search.contains("values")) {
        const Json& values = search.at("values");
        require_object(values, "search.values");
        for (const auto& [name, list] : values.items()) {
          const std::string at = field_path("search.values", name);
          if (!list.is_array() || list.empty()) field_error(at, "a non-empty list of values", list);
          for (size_t i = 0; i < list.size(); ++i)
            o.values[name].push_back(scalar_value(list[i], element_path(at, i)));
        }
      }
      plan.proposer = std::make_unique<GridSearch>(o);
    }
    if (search.contains("stoppers"))  // skopt's early stoppers (stoppers.hpp)
      plan.proposer = std::make_unique<StoppingProposer>(std::move(plan.proposer),
                                                         stoppers_from_json(search.at("stoppers"), "search.stoppers"));
    plan.scheduler = std::make_unique<FixedBudget>(*plan.proposer, epochs);
  } else {
    field_error("search.algorithm", "hyperband, asha, random, grid or gp", search.at("algorithm"));
  }
  return plan;
}

}  // namespace tunet::tuner
