// An ask/tell search's config (ask_tell_config.hpp) and its journal header.
#include "tuner/config/ask_tell_config.hpp"

#include <algorithm>
#include <optional>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/objectives.hpp"

namespace tunet::tuner {

namespace {

// Random, grid and GP search need "epochs"; an outside trainer may have none: 1.
Json search_with_default_epochs(const Json& search) {
  require_object(search, "search");
  Json out = search;
  const Json& name = search.contains("algorithm") ? search.at("algorithm") : Json();
  const SearchAlgorithm* algorithm = name.is_string() ? find_search_algorithm(name.get<std::string>()) : nullptr;
  if (algorithm && !out.contains("epochs") &&
      std::find(algorithm->fields.begin(), algorithm->fields.end(), "epochs") != algorithm->fields.end())
    out["epochs"] = 1;
  return out;
}

void read_objective(const Json& search, AskTellSettings& s) {
  if (!search.contains("objective")) return;
  const Json& v = search.at("objective");
  const std::string path = "search.objective";
  std::optional<std::string> direction;
  if (v.is_object()) {
    check_fields(v, path, {"name", "direction", "mode"});
    require_field(v, "name", path);
    s.metric = string_value(v.at("name"), path + ".name");
    if (v.contains("direction")) direction = string_value(v.at("direction"), path + ".direction");
    const std::string mode = string_or(v, "mode", "last", path);
    if (mode != "best" && mode != "last") field_error(path + ".mode", "best or last", v.at("mode"));
    s.mode = mode_from_name(mode);
  } else {
    s.metric = string_value(v, path);
  }
  if (s.metric.empty()) field_error(path, "a metric name such as \"val_accuracy\"", v);
  if (direction) {
    if (*direction != "minimize" && *direction != "maximize")
      field_error(path + ".direction", "minimize or maximize", v.at("direction"));
    s.direction = direction_from_name(*direction);
  } else if (auto d = default_direction(s.metric)) {
    s.direction = *d;
  } else {
    throw Error(path + ": no direction for '" + s.metric +
                "' (only names ending in accuracy or loss have one): give {\"name\": \"" + s.metric +
                "\", \"direction\": \"minimize\" or \"maximize\"}");
  }
}

}  // namespace

AskTellSettings parse_ask_tell_config(const Json& config) {
  require_object(config, "");
  check_fields(config, "", {"space", "search", "seed", "repo_dir", "max_trial_retries", "description"});
  require_field(config, "space", "");
  require_field(config, "search", "");
  AskTellSettings s;
  s.seed = unsigned_or(config, "seed", 0, "");
  s.max_trial_retries = static_cast<int>(integer_or(config, "max_trial_retries", 3, "", 0, 1'000'000));
  if (config.contains("repo_dir")) {
    s.repo_dir = string_value(config.at("repo_dir"), "repo_dir");
    if (s.repo_dir.empty()) field_error("repo_dir", "a directory path", config.at("repo_dir"));
  }
  s.space = Space::from_json(config.at("space"));
  check(s.space.size() > 0, "space: the search space is empty");
  const Json search = search_with_default_epochs(config.at("search"));
  if (search.contains("stoppers") && search.at("stoppers").is_array())
    for (size_t i = 0; i < search.at("stoppers").size(); ++i)
      if (const Json& stopper = search.at("stoppers")[i]; stopper.is_object() && stopper.value("type", Json()) == "deadline")
        throw Error(element_path("search.stoppers", i) +
                    ": a deadline counts from when its process read the config, and every ask is a new process: "
                    "stop asking at your deadline instead");
  s.plan = make_search(search, {"objective"});
  read_objective(search, s);
  return s;
}

Json ask_tell_header(const AskTellSettings& s) {
  Json header = Json::object();
  header["event"] = "study";
  header["version"] = Journal::kVersion;
  header["space"] = s.space.to_json();
  header["algorithm"] = {{"name", s.plan.scheduler->name()}, {"settings", s.plan.scheduler->settings()}};
  header["objective"] = {{"metric", s.metric},
                         {"direction", direction_name(s.direction)},
                         {"mode", mode_name(s.mode)},
                         {"description", {{"trainer", "outside tunet (tunet ask / tunet tell)"}}}};
  header["seed"] = s.seed;
  return header;
}

}  // namespace tunet::tuner
