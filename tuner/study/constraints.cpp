#include "tuner/study/constraints.hpp"

#include <algorithm>
#include <cstdio>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"

namespace tunet::tuner {
namespace {

std::string number_text(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

std::string names_text(const std::vector<std::string>& names) {
  if (names.empty()) return "none (the objective records no quantity before training)";
  std::string text;
  for (const std::string& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

}  // namespace

Constraints Constraints::from_json(const Json& json, const std::string& path) {
  require_object(json, path);
  Constraints c;
  for (const auto& [name, bound] : json.items()) {
    const std::string at = field_path(path, name);
    require_object(bound, at);
    check_fields(bound, at, {"min", "max"});
    if (!bound.contains("min") && !bound.contains("max")) field_error(at, "{\"min\": x} and/or {\"max\": y}", bound);
    Bound b;
    if (bound.contains("min")) b.min = number_value(bound.at("min"), field_path(at, "min"));
    if (bound.contains("max")) b.max = number_value(bound.at("max"), field_path(at, "max"));
    if (b.min && b.max && *b.min > *b.max)
      throw Error(at + ": min " + number_text(*b.min) + " is above max " + number_text(*b.max));
    c.add(name, b);
  }
  return c;
}

Json Constraints::to_json() const {
  Json j = Json::object();
  for (const auto& [name, b] : bounds_) {
    Json bound = Json::object();
    if (b.min) bound["min"] = *b.min;
    if (b.max) bound["max"] = *b.max;
    j[name] = bound;
  }
  return j;
}

void Constraints::add(std::string quantity, Bound bound) {
  check(!quantity.empty(), "constraints: a bound needs the name of a quantity");
  for (auto& [name, b] : bounds_)
    if (name == quantity) {
      b = bound;
      return;
    }
  bounds_.emplace_back(std::move(quantity), bound);
}

void Constraints::check_known(const std::vector<std::string>& known, const std::string& path) const {
  for (const auto& [name, b] : bounds_)
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw Error(field_path(path, name) + ": unknown quantity; known: " + names_text(known));
}

std::string Constraints::violation(const Attributes& attributes) const {
  for (const auto& [name, b] : bounds_) {
    const std::optional<double> v = attribute(attributes, name);
    if (!v) return name + " unknown for this configuration";
    if (b.min && *v < *b.min) return name + " " + number_text(*v) + " < min " + number_text(*b.min);
    if (b.max && *v > *b.max) return name + " " + number_text(*v) + " > max " + number_text(*b.max);
  }
  return "";
}

}  // namespace tunet::tuner
