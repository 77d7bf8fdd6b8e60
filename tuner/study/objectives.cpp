#include "tuner/study/objectives.hpp"

#include <cmath>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"

namespace tunet::tuner {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

std::optional<Direction> default_direction(const std::string& name) {
  if (ends_with(name, "accuracy")) return Direction::Maximize;
  if (ends_with(name, "loss") || ends_with(name, "bytes")) return Direction::Minimize;
  return std::nullopt;
}

ObjectiveList ObjectiveList::from_json(const Json& json, const std::string& path,
                                       const std::function<bool(const std::string&)>& known,
                                       const std::string& known_text) {
  require_array(json, path);
  if (json.empty()) field_error(path, "a list of objectives such as [{\"name\": \"val_accuracy\"}]", json);
  std::vector<ObjectiveSpec> specs;
  for (size_t i = 0; i < json.size(); ++i) {
    const std::string at = element_path(path, i);
    const Json& item = json[i];
    require_object(item, at);
    check_fields(item, at, {"name", "direction"});
    require_field(item, "name", at);
    ObjectiveSpec spec;
    spec.name = string_value(item.at("name"), field_path(at, "name"));
    if (!known(spec.name)) throw Error(at + ": unknown objective '" + spec.name + "'; known: " + known_text);
    for (const ObjectiveSpec& before : specs)
      if (before.name == spec.name) throw Error(at + ": objective '" + spec.name + "' is repeated");
    if (item.contains("direction")) {
      const std::string d = string_value(item.at("direction"), field_path(at, "direction"));
      if (d != "minimize" && d != "maximize") field_error(field_path(at, "direction"), "minimize or maximize", item.at("direction"));
      spec.direction = direction_from_name(d);
    } else if (auto d = default_direction(spec.name)) {
      spec.direction = *d;
    } else {
      throw Error(at + ": no direction for '" + spec.name +
                  "' (only names ending in accuracy, loss or bytes have one): give \"direction\": \"minimize\" or "
                  "\"maximize\", without which the trials cannot be ranked");
    }
    specs.push_back(std::move(spec));
  }
  return ObjectiveList(std::move(specs));
}

Json ObjectiveList::to_json() const {
  Json out = Json::array();
  for (const ObjectiveSpec& s : specs_) out.push_back({{"name", s.name}, {"direction", direction_name(s.direction)}});
  return out;
}

std::optional<double> ObjectiveList::value(const Trial& trial, size_t k) const {
  const std::string& name = specs_.at(k).name;
  std::optional<double> v = attribute(trial.attributes, name);
  if (!v && name == metric_) v = trial.value;
  if (!v) {
    for (const EpochRecord& r : trial.history)
      if (r.epoch == trial.value_epoch || (trial.value_epoch == 0 && &r == &trial.history.back())) v = r.metric(name);
  }
  if (v && !std::isfinite(*v)) return std::nullopt;
  return v;
}

std::optional<ObjectivePoint> ObjectiveList::point(const Trial& trial) const {
  if (!trial.ok()) return std::nullopt;
  ObjectivePoint p;
  for (size_t k = 0; k < specs_.size(); ++k) {
    const std::optional<double> v = value(trial, k);
    if (!v) return std::nullopt;
    p.push_back(specs_[k].direction == Direction::Maximize ? -*v : *v);  // every coordinate minimised
  }
  return p;
}

std::vector<bool> ObjectiveList::on_front(const std::vector<const Trial*>& trials) const {
  std::vector<ObjectivePoint> points;
  std::vector<size_t> index;
  for (size_t i = 0; i < trials.size(); ++i)
    if (auto p = point(*trials[i])) {
      points.push_back(std::move(*p));
      index.push_back(i);
    }
  std::vector<bool> front(trials.size(), false);
  const auto fronts = non_dominated_sort(points);
  if (!fronts.empty())
    for (size_t k : fronts[0]) front[index[k]] = true;
  return front;
}

ObjectiveList recorded_objectives(const Json& description, const std::string& metric) {
  if (!description.is_object() || !description.contains("objectives")) return {};
  const std::string path = "study.objective.description.objectives";
  const Json& list = description.at("objectives");
  require_array(list, path);
  std::vector<ObjectiveSpec> specs;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = element_path(path, i);
    require_object(list[i], at);
    require_field(list[i], "name", at);
    require_field(list[i], "direction", at);
    specs.push_back({string_value(list[i].at("name"), field_path(at, "name")),
                     direction_from_name(string_value(list[i].at("direction"), field_path(at, "direction")))});
  }
  return ObjectiveList(std::move(specs), metric);
}

}  // namespace tunet::tuner
