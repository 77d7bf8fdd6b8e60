#include "tuner/search_config.hpp"

#include "core/error.hpp"
#include "tuner/bayesian_search.hpp"
#include "tuner/grid_search.hpp"
#include "tuner/hyperband.hpp"
#include "tuner/random_search.hpp"

namespace tunet::tuner {

namespace {

int integer_field(const Json& j, const char* key, int fallback, int minimum) {
  if (!j.contains(key)) return fallback;
  const Json& v = j.at(key);
  check(v.is_number_integer(), std::string("search.") + key + ": expected an integer, got " + v.dump());
  int x = v.get<int>();
  check(x >= minimum, std::string("search.") + key + " must be >= " + std::to_string(minimum) + ", got " +
                          std::to_string(x));
  return x;
}

}  // namespace

SearchPlan make_search(const Json& search, const std::set<std::string>& other_keys) {
  check(search.is_object() && search.contains("algorithm") && search.at("algorithm").is_string(),
        "search: expected {\"algorithm\": \"hyperband\" | \"random\" | \"grid\" | \"gp\", ...}");
  const std::string algorithm = search.at("algorithm").get<std::string>();
  std::set<std::string> known = {"algorithm"};
  SearchPlan plan;
  if (algorithm == "hyperband") {
    known.insert({"R", "eta"});
    HyperbandOptions o{.R = integer_field(search, "R", 81, 1), .eta = integer_field(search, "eta", 3, 2)};
    plan.scheduler = std::make_unique<Hyperband>(o);
  } else if (algorithm == "random" || algorithm == "grid" || algorithm == "gp" || algorithm == "bayesian") {
    known.insert("epochs");
    check(search.contains("epochs"), "search: " + algorithm + " search needs \"epochs\" (the budget of each trial)");
    const int epochs = integer_field(search, "epochs", 1, 1);
    if (algorithm == "gp" || algorithm == "bayesian") {
      known.insert({"n_calls", "n_initial_points", "initial_point_generator", "acq_func", "xi", "kappa", "x0", "y0"});
      GpSearchOptions o;
      o.n_calls = integer_field(search, "n_calls", o.n_calls, 1);
      o.n_initial_points = integer_field(search, "n_initial_points", o.n_initial_points, 0);
      o.initial_point_generator = search.value("initial_point_generator", o.initial_point_generator);
      o.acq_func = search.value("acq_func", o.acq_func);
      o.xi = search.value("xi", o.xi);
      o.kappa = search.value("kappa", o.kappa);
      if (search.contains("x0")) {
        check(search.at("x0").is_array(), "search.x0: expected a list of {\"name\": value} objects");
        for (const Json& x : search.at("x0")) o.x0.push_back(Params::from_json(x));
      }
      if (search.contains("y0")) o.y0 = search.at("y0").get<std::vector<double>>();
      plan.proposer = std::make_unique<BayesianSearch>(o);
    } else if (algorithm == "random") {
      known.insert("n_trials");
      plan.proposer = std::make_unique<RandomSearch>(RandomOptions{.n_trials = integer_field(search, "n_trials", 10, 1)});
    } else {
      known.insert({"points", "values"});
      GridOptions o{.points = integer_field(search, "points", 5, 1)};
      if (search.contains("values")) {
        check(search.at("values").is_object(), "search.values: expected {\"name\": [values...], ...}");
        for (const auto& [name, list] : search.at("values").items()) {
          check(list.is_array() && !list.empty(), "search.values." + name + ": expected a non-empty list");
          for (const Json& v : list) o.values[name].push_back(value_from_json(v));
        }
      }
      plan.proposer = std::make_unique<GridSearch>(o);
    }
    plan.scheduler = std::make_unique<EveryProposal>(*plan.proposer, epochs);
  } else {
    throw Error("search.algorithm: unknown algorithm '" + algorithm + "' (expected hyperband, random, grid or gp)");
  }
  for (const auto& [key, value] : search.items())
    check(known.count(key) || other_keys.count(key),
          "search: unknown field '" + key + "' for the " + algorithm + " algorithm");
  return plan;
}

}  // namespace tunet::tuner
