#include "tuner/config/config_override.hpp"

#include "core/error.hpp"

namespace tunet::tuner {

namespace {

std::vector<std::string> split_path(const std::string& path, const std::string& assignment) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    const std::string field = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (field.empty())
      throw Error("--set " + assignment + ": empty field name in '" + path + "' (expected PATH=VALUE, e.g. search.R=9)");
    fields.push_back(field);
    if (dot == std::string::npos) return fields;
    start = dot + 1;
  }
}

Json parse_value(const std::string& text) {
  Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return Json(text);  // not JSON: a plain string, as a shell user means it
  return value;
}

}  // namespace

void apply_config_override(Json& config, const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos)
    throw Error("--set " + assignment + ": expected PATH=VALUE (e.g. search.R=9 or data.subset.train=6000)");
  const std::string path = assignment.substr(0, eq);
  const std::vector<std::string> fields = split_path(path, assignment);
  if (!config.is_object()) throw Error("--set " + assignment + ": the config is not a JSON object");
  Json* node = &config;
  std::string walked;
  for (size_t i = 0; i + 1 < fields.size(); ++i) {
    walked += (walked.empty() ? "" : ".") + fields[i];
    Json& next = (*node)[fields[i]];  // creates a null member when absent
    if (next.is_null()) next = Json::object();
    if (!next.is_object())
      throw Error("--set " + assignment + ": " + walked + " is " + next.dump() + ", not an object with fields");
    node = &next;
  }
  (*node)[fields.back()] = parse_value(assignment.substr(eq + 1));
}

void apply_config_overrides(Json& config, const std::vector<std::string>& assignments) {
  for (const std::string& a : assignments) apply_config_override(config, a);
}

}  // namespace tunet::tuner
