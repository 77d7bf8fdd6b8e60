#include "tuner/integration/objectives_config.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "tuner/integration/model_objective.hpp"

namespace tunet::tuner {
namespace {

bool is_size(const std::string& name) {
  const std::vector<std::string> sizes = deployed_size_attributes();
  return std::find(sizes.begin(), sizes.end(), name) != sizes.end();
}

bool is_metric(const std::string& name) { return name.rfind("val_", 0) == 0 || name == "loss" || name == "accuracy"; }

}  // namespace

ObjectiveList parse_objectives(const Json& search) {
  if (!search.is_object() || !search.contains("objectives")) return {};
  std::string known = "val_loss, val_accuracy (any val_<metric>), loss, accuracy";
  for (const std::string& s : deployed_size_attributes()) known += ", " + s;
  ObjectiveList list = ObjectiveList::from_json(
      search.at("objectives"), "search.objectives",
      [](const std::string& n) { return is_metric(n) || is_size(n); }, known);
  const std::string metric = scoring_metric(list);
  if (metric.empty())
    throw Error("search.objectives: no metric of the trained model among them (e.g. {\"name\": \"val_accuracy\"}): "
                "nothing would score training");
  list.set_metric(metric);
  return list;
}

std::string scoring_metric(const ObjectiveList& objectives) {
  for (const ObjectiveSpec& s : objectives.specs())
    if (!is_size(s.name)) return s.name;
  return "";
}

bool needs_deployed_size(const ObjectiveList& objectives) {
  return std::any_of(objectives.specs().begin(), objectives.specs().end(),
                     [](const ObjectiveSpec& s) { return is_size(s.name); });
}

}  // namespace tunet::tuner
