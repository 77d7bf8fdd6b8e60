#pragma once
// The config of an ask/tell search (tunet init, tunet ask, the C API): a
// search whose trials are trained outside tunet, by a program in any
// language, so it has no "model", "data", "compile" or "fit":
//
//   {"space":  {"learning_rate": {"type": "log-uniform", "low": 0.01, "high": 1.0}},
//    "search": {"algorithm": "hyperband", "R": 9, "eta": 3,
//               "objective": {"name": "val_accuracy", "direction": "maximize", "mode": "last"}},
//    "seed": 1, "repo_dir": "runs/external", "max_trial_retries": 3, "description": "..."}
//
// search: any registered algorithm with its fields (search_config.hpp);
// "epochs" (random, grid, GP) defaults to 1 here, since an outside trainer
// may have no epochs; a "deadline" stopper is refused (it would count from
// each ask's start). search.objective: a name ("val_loss": names ending in
// accuracy are maximised, in loss minimised, objectives.hpp) or an object
// with "name", "direction" (needed for other names) and "mode" ("last", the
// default: the value told last scores the trial; "best": its best told
// epoch). Without it the objective is "value", minimised (Optuna's default).
// repo_dir: where `tunet init` creates the run without --repo-dir.
// max_trial_retries: how many times a trial whose trainer went silent
// (tunet ask --timeout) is handed out again before it fails.
// Errors name the field, as every config error does.
#include <cstdint>
#include <filesystem>
#include <string>

#include "tuner/config/json.hpp"
#include "tuner/config/search_config.hpp"
#include "tuner/space/space.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

struct AskTellSettings {
  Space space;
  SearchPlan plan;
  std::uint64_t seed = 0;
  std::string metric = "value";
  Direction direction = Direction::Minimize;
  ObjectiveMode mode = ObjectiveMode::Last;
  std::filesystem::path repo_dir;  // empty when the config names none
  int max_trial_retries = 3;
};

AskTellSettings parse_ask_tell_config(const Json& config);

// The journal's "study" event of such a search: what a run folder records
// and an ask compares with its config (check_recorded_header's fields).
Json ask_tell_header(const AskTellSettings& settings);

}  // namespace tunet::tuner
