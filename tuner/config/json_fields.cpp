#include "tuner/config/json_fields.hpp"

#include <cmath>

#include "core/closest_name.hpp"
#include "core/error.hpp"

namespace tunet::tuner {

namespace {

constexpr size_t kShownCharacters = 80;

std::string where(const std::string& path) { return path.empty() ? "config" : path; }

std::string range_text(std::int64_t low, std::int64_t high) {
  if (low != kNoLow && high != kNoHigh) return " in [" + std::to_string(low) + ", " + std::to_string(high) + "]";
  if (low != kNoLow) return " >= " + std::to_string(low);
  if (high != kNoHigh) return " <= " + std::to_string(high);
  return "";
}

}  // namespace

std::string json_error_detail(const std::exception& e) {
  std::string_view what = e.what();
  if (what.rfind("[json.exception.", 0) == 0 && what.find("] ") != std::string_view::npos)
    what.remove_prefix(what.find("] ") + 2);
  if (what.rfind("parse error", 0) == 0 && what.find(": ") != std::string_view::npos)
    what.remove_prefix(what.find(": ") + 2);
  return std::string(what);
}

std::string field_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string element_path(const std::string& path, size_t index) {
  return where(path) + "[" + std::to_string(index) + "]";
}

std::string json_text(const Json& value) {
  // Replacement of invalid UTF-8 instead of dump()'s exception: messages never throw.
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > kShownCharacters) text = text.substr(0, kShownCharacters) + "...";
  return text;
}

void field_error(const std::string& path, const std::string& expected, const Json& got) {
  throw Error(where(path) + ": expected " + expected + ", got " + json_text(got));
}

void require_object(const Json& value, const std::string& path) {
  if (!value.is_object()) field_error(path, "an object {...}", value);
}

void require_array(const Json& value, const std::string& path) {
  if (!value.is_array()) field_error(path, "a list [...]", value);
}

void check_fields(const Json& object, const std::string& path, const std::vector<std::string>& known) {
  for (const auto& [key, value] : object.items()) {
    bool found = false;
    for (const std::string& k : known) found = found || k == key;
    if (!found) throw Error(where(path) + ": unknown field '" + key + "' " + did_you_mean(key, known));
  }
}

void require_field(const Json& object, const std::string& key, const std::string& path) {
  if (!object.contains(key)) throw Error(where(path) + ": missing \"" + key + "\"");
}

double number_value(const Json& value, const std::string& path) {
  if (!value.is_number()) field_error(path, "a number", value);
  const double x = value.get<double>();
  if (!std::isfinite(x)) field_error(path, "a finite number", value);
  return x;
}

std::int64_t integer_value(const Json& value, const std::string& path, std::int64_t low, std::int64_t high) {
  const std::string expected = "an integer" + range_text(low, high);
  if (!value.is_number_integer()) field_error(path, expected, value);
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(kNoHigh))
    field_error(path, expected, value);
  const std::int64_t x = value.get<std::int64_t>();
  if (x < low || x > high) field_error(path, expected, value);
  return x;
}

std::uint64_t unsigned_value(const Json& value, const std::string& path) {
  if (!value.is_number_unsigned()) field_error(path, "an integer >= 0", value);
  return value.get<std::uint64_t>();
}

bool bool_value(const Json& value, const std::string& path) {
  if (!value.is_boolean()) field_error(path, "true or false", value);
  return value.get<bool>();
}

std::string string_value(const Json& value, const std::string& path) {
  if (!value.is_string()) field_error(path, "a string", value);
  return value.get<std::string>();
}

Value scalar_value(const Json& value, const std::string& path) {
  if (!value.is_number() && !value.is_string() && !value.is_boolean())
    field_error(path, "a number, a string or a bool", value);
  return value_from_json(value);
}

Params params_from_json(const Json& object, const std::string& path) {
  require_object(object, path);
  Params p;
  for (const auto& [name, value] : object.items()) p.set(name, scalar_value(value, field_path(path, name)));
  return p;
}

double number_or(const Json& object, const std::string& key, double fallback, const std::string& path) {
  return object.contains(key) ? number_value(object.at(key), field_path(path, key)) : fallback;
}

std::int64_t integer_or(const Json& object, const std::string& key, std::int64_t fallback, const std::string& path,
                        std::int64_t low, std::int64_t high) {
  return object.contains(key) ? integer_value(object.at(key), field_path(path, key), low, high) : fallback;
}

std::uint64_t unsigned_or(const Json& object, const std::string& key, std::uint64_t fallback,
                          const std::string& path) {
  return object.contains(key) ? unsigned_value(object.at(key), field_path(path, key)) : fallback;
}

bool bool_or(const Json& object, const std::string& key, bool fallback, const std::string& path) {
  return object.contains(key) ? bool_value(object.at(key), field_path(path, key)) : fallback;
}

std::string string_or(const Json& object, const std::string& key, const std::string& fallback,
                      const std::string& path) {
  return object.contains(key) ? string_value(object.at(key), field_path(path, key)) : fallback;
}

}  // namespace tunet::tuner
