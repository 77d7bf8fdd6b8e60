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
#include <memory>
#include <set>
#include <string>

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

}  // namespace tunet::tuner
