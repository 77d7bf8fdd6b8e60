// The journal's vocabulary (journal_events.hpp): each event written as JSON
// and read back with every field checked.
#include "tuner/storage/journal_events.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "core/error.hpp"
#include "tuner/space/space.hpp"

namespace tunet::tuner {

Json started_event(const Trial& t) {
  Json j = Json::object();
  j["event"] = "started";
  j["trial"] = t.id;
  j["params"] = t.params.to_json();
  j["budget"] = t.budget;
  j["initial_epoch"] = t.initial_epoch;
  j["bracket"] = t.bracket;
  j["rung"] = t.rung;
  j["resumed_from"] = t.resumed_from ? Json(*t.resumed_from) : Json();
  if (!t.attributes.empty()) {
    Json attributes = Json::object();
    for (const auto& [name, value] : t.attributes) attributes[name] = value;
    j["attributes"] = attributes;
  }
  return j;
}

Json epoch_event(int trial_id, const EpochRecord& record, const std::string& checkpoint) {
  Json j = Json::object();
  j["event"] = "epoch";
  j["trial"] = trial_id;
  j["epoch"] = record.epoch;
  Json metrics = Json::object();
  for (const auto& [name, value] : record.metrics) metrics[name] = std::isfinite(value) ? Json(value) : Json();
  j["metrics"] = metrics;
  j["wall_s"] = record.wall_s;
  j["checkpoint"] = checkpoint;
  if (!record.fold_metrics.empty()) {
    Json folds = Json::array();
    for (const Metrics& fold : record.fold_metrics) {
      Json m = Json::object();
      for (const auto& [name, value] : fold) m[name] = std::isfinite(value) ? Json(value) : Json();
      folds.push_back(m);
    }
    j["fold_metrics"] = folds;
  }
  return j;
}

Json finished_event(const Trial& t) {
  Json j = Json::object();
  j["event"] = "finished";
  j["trial"] = t.id;
  j["status"] = status_name(t.status);
  j["value"] = t.value && std::isfinite(*t.value) ? Json(*t.value) : Json();
  j["folds"] = t.fold_values;
  j["wall_s"] = t.wall_s;
  j["failure"] = t.failure;
  j["checkpoint"] = t.checkpoint;
  j["value_epoch"] = t.value_epoch;
  j["value_checkpoint"] = t.value_checkpoint;
  j["stop_reason"] = t.stop_reason;
  return j;
}

EpochRecord epoch_record_from_event(const Json& e, const std::string& where) {
  auto at = [&](const char* key) -> const Json& {
    require_field(e, key, where);
    return e.at(key);
  };
  auto read_metrics = [&](const Json& m, const std::string& path) {
    require_object(m, path);
    Metrics out;
    for (const auto& [name, value] : m.items())
      out.emplace_back(name, value.is_null() ? std::nan("") : number_value(value, path + "." + name));
    return out;
  };
  EpochRecord r;
  r.epoch = static_cast<int>(integer_value(at("epoch"), field_path(where, "epoch"), 0, INT32_MAX));
  r.metrics = read_metrics(at("metrics"), where + ".metrics");
  if (e.contains("fold_metrics")) {  // version 3, cross-validation
    require_array(e.at("fold_metrics"), where + ".fold_metrics");
    for (size_t i = 0; i < e.at("fold_metrics").size(); ++i)
      r.fold_metrics.push_back(read_metrics(e.at("fold_metrics")[i], element_path(where + ".fold_metrics", i)));
  }
  r.wall_s = number_value(at("wall_s"), field_path(where, "wall_s"));
  return r;
}

Json lost_event(int trial_id, const std::string& reason, int attempt) {
  return {{"event", "lost"}, {"trial", trial_id}, {"reason", reason}, {"attempt", attempt}};
}

const Json& EventFields::at(const char* key) const {
  require_field(event_, key, where_);
  return event_.at(key);
}

int EventFields::integer(const char* key, std::int64_t low) const {
  return static_cast<int>(
      integer_value(at(key), field_path(where_, key), std::max<std::int64_t>(low, INT32_MIN), INT32_MAX));
}

double EventFields::number(const char* key) const { return number_value(at(key), field_path(where_, key)); }

std::string EventFields::text(const char* key) const { return string_value(at(key), field_path(where_, key)); }

StudyObjective read_study_event(const EventFields& e) {
  const std::string& where = e.where();
  require_object(e.at("objective"), where + ".objective");
  const Json& objective = e.json().at("objective");
  require_field(objective, "metric", where + ".objective");
  require_field(objective, "direction", where + ".objective");
  StudyObjective out;
  out.metric = string_value(objective.at("metric"), where + ".objective.metric");
  const std::string direction = string_value(objective.at("direction"), where + ".objective.direction");
  if (direction != "minimize" && direction != "maximize")
    field_error(where + ".objective.direction", "minimize or maximize", objective.at("direction"));
  out.direction = direction_from_name(direction);
  if (objective.contains("mode")) {
    const std::string mode = string_value(objective.at("mode"), where + ".objective.mode");
    if (mode != "best" && mode != "last") field_error(where + ".objective.mode", "best or last", objective.at("mode"));
    out.mode = mode_from_name(mode);
  }
  try {
    Space::from_json(e.at("space"));
  } catch (const Error& ex) {
    throw Error(where + " (study): " + ex.what());
  }
  return out;
}

Trial read_started_event(const EventFields& e) {
  Trial t;
  t.id = e.integer("trial", 0);
  t.params = params_from_json(e.at("params"), e.where() + ".params");
  t.budget = e.integer("budget", 0);
  t.initial_epoch = e.integer("initial_epoch", 0);
  t.bracket = e.integer("bracket", -1);
  t.rung = e.integer("rung", -1);
  if (!e.at("resumed_from").is_null()) t.resumed_from = e.integer("resumed_from", 0);
  if (e.json().contains("attributes")) {  // an objective with attributes; older journals have none
    const std::string at = e.where() + ".attributes";
    require_object(e.json().at("attributes"), at);
    for (const auto& [name, value] : e.json().at("attributes").items())
      t.attributes.emplace_back(name, number_value(value, field_path(at, name)));
  }
  return t;
}

void read_finished_event(const EventFields& e, Direction direction, Trial& t) {
  const std::string& where = e.where();
  const std::string status = e.text("status");
  if (status != "completed" && status != "failed" && status != "pruned" && status != "infeasible")
    field_error(where + ".status", "completed, failed or pruned, or infeasible", e.json().at("status"));
  t.status = status_from_name(status);
  if (!e.at("value").is_null()) t.value = e.number("value");
  require_array(e.at("folds"), where + ".folds");
  t.fold_values.clear();
  const Json& folds = e.json().at("folds");
  for (size_t i = 0; i < folds.size(); ++i)
    t.fold_values.push_back(number_value(folds[i], element_path(where + ".folds", i)));
  t.wall_s = e.number("wall_s");
  t.failure = e.text("failure");
  t.checkpoint = e.text("checkpoint");
  // Version 3's fields; an older journal scored the last epoch, with its last checkpoint.
  const Json& j = e.json();
  t.value_epoch = j.contains("value_epoch") ? e.integer("value_epoch", 0) : t.history.empty() ? 0 : t.last_epoch();
  t.value_checkpoint = j.contains("value_checkpoint") ? e.text("value_checkpoint") : t.checkpoint;
  t.stop_reason = j.contains("stop_reason") ? e.text("stop_reason") : "";
  if (t.status == TrialStatus::Completed && t.value) t.loss = direction == Direction::Minimize ? *t.value : -*t.value;
}

int read_lost_event(const EventFields& e) {
  e.text("reason");
  return e.integer("attempt", 1);
}

}  // namespace tunet::tuner
