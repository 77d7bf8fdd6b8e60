#pragma once
// The "search" section of a config file -> the scheduler (and its proposer)
// that runs it:
//
//   {"algorithm": "hyperband", "R": 20, "eta": 3}
//   {"algorithm": "hyperband", "R": 27, "eta": 3, "proposer": "gp", "random_fraction": 0.33,
//    "hyperband_iterations": 2}   (bohb_proposer.hpp; Keras Tuner's hyperband_iterations)
//   {"algorithm": "asha", "min_epochs": 1, "max_epochs": 27, "eta": 3, "max_trials": 50}   (asha.hpp;
//    "R" may stand for max_epochs)
//   {"algorithm": "random", "n_trials": 100, "epochs": 10}
//   {"algorithm": "grid", "points": 3, "values": {"learning_rate": [0.001, 0.01]}, "epochs": 5}
//   {"algorithm": "gp", "n_calls": 40, "n_initial_points": 10, "acq_func": "EI",
//    "x0": [{"learning_rate": 1e-5, "layers": 1}], "epochs": 3}   (bayesian_search.hpp)
//   random, grid and gp also take "stoppers": [{"type": "delta_y", "delta": 0.01, "n_best": 5},
//    {"type": "deadline", "total_time": 3600}]   (stoppers.hpp)
//
// "epochs" is the budget of every trial for random, grid and GP search
// (Hyperband has R, ASHA min_epochs and max_epochs). Errors name the field and what was expected.
//
// Each algorithm registers itself, with its fields and its parser, in its own
// file next to what it builds (tuner/proposers/random_search_config.cpp):
//
//   TUNET_REGISTER_SEARCH_ALGORITHM(random, {.name = "random", .list_position = 3,
//                                            .fields = {"epochs", "stoppers", "n_trials"}, .parse = parse_random});
//
// make_search checks the section's fields against the algorithm's and calls
// its parser. The first argument names the registration: the macro defines the
// symbol tunet_registered_search_algorithm_<id>, which every program linking
// tunet_tuner asks the linker for (tunet_keep_registrations in
// cmake/TunetSettings.cmake), so a static library keeps the file.
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "tuner/config/json.hpp"
#include "tuner/proposers/proposer.hpp"
#include "tuner/schedulers/scheduler.hpp"

namespace tunet::tuner {

struct SearchPlan {
  std::unique_ptr<Proposer> proposer;   // owned here when the scheduler refers to it
  std::unique_ptr<Scheduler> scheduler;
};

// `other_keys`: fields of the section that belong to the caller (e.g. "objective", "cv").
SearchPlan make_search(const Json& search, const std::set<std::string>& other_keys = {});

struct SearchAlgorithm {
  std::string name;                       // "algorithm": name
  std::vector<std::string> aliases = {};  // other values of "algorithm" that select it
  int list_position = 100;                // where search_algorithms() and errors list it (ties: by name)
  std::vector<std::string> fields = {};   // the section's fields it reads, besides "algorithm"
  // For an algorithm that sets each trial's epochs itself, what a "fit.epochs"
  // conflicts with: "Hyperband sets each trial's epochs (search.R and search.eta)".
  std::string sets_epochs = {};
  SearchPlan (*parse)(const Json& search) = nullptr;  // called once the fields are checked
};

// Adds `algorithm`; throws Error when its name or an alias is taken. Returns
// true, for the static initialiser of TUNET_REGISTER_SEARCH_ALGORITHM.
// Registrations happen before any thread calls make_search.
bool register_search_algorithm(SearchAlgorithm algorithm);
const SearchAlgorithm* find_search_algorithm(const std::string& name);  // nullptr when none
std::vector<std::string> search_algorithms();                          // the names, as errors list them

// For the parsers: an integer field of the section in [minimum, maximum]
// ("search.<key>: expected an integer >= minimum, got ...").
int search_integer(const Json& search, const char* key, int fallback, int minimum,
                   int maximum = std::numeric_limits<int>::max());
// Random, grid and GP search: every trial trains "epochs" (required, read
// first), the proposer is make_proposer's, and "stoppers" (skopt's early
// stoppers, stoppers.hpp) may end the search early.
inline const std::vector<std::string> kFixedBudgetFields = {"epochs", "stoppers"};
SearchPlan fixed_budget_plan(const Json& search, std::unique_ptr<Proposer> (*make_proposer)(const Json& search));

}  // namespace tunet::tuner

#define TUNET_REGISTER_SEARCH_ALGORITHM(id, ...) \
  /* GCC 12 warns about the fields a designated initializer leaves to their defaults */ \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmissing-field-initializers\"") \
  extern "C" const bool tunet_registered_search_algorithm_##id = ::tunet::tuner::register_search_algorithm(::tunet::tuner::SearchAlgorithm __VA_ARGS__); \
  _Pragma("GCC diagnostic pop") static_assert(true)
