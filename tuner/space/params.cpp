#include "tuner/space/params.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <sstream>

#include "core/error.hpp"

namespace tunet::tuner {

namespace {

const char* type_name(const Value& value) {
  switch (value.index()) {
    case 0: return "bool";
    case 1: return "integer";
    case 2: return "real";
    default: return "string";
  }
}

std::string exact(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

}  // namespace

std::string to_string(const Value& value) {
  if (auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&value)) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6g", *d);
    return buf;
  }
  return "\"" + std::get<std::string>(value) + "\"";
}

Json value_to_json(const Value& value) {
  return std::visit([](const auto& v) { return Json(v); }, value);
}

Value value_from_json(const Json& json) {
  if (json.is_boolean()) return json.get<bool>();
  if (json.is_number_integer()) return json.get<std::int64_t>();
  if (json.is_number_float()) return json.get<double>();
  if (json.is_string()) return json.get<std::string>();
  throw Error("a hyperparameter value must be a number, a string or a bool, got " + json.dump());
}

bool is_number(const Value& value) {
  return std::holds_alternative<std::int64_t>(value) || std::holds_alternative<double>(value);
}

double as_number(const Value& value) {
  if (auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&value)) return *d;
  throw Error("expected a number, got " + std::string(type_name(value)) + " " + to_string(value));
}

Params::Params(std::initializer_list<std::pair<std::string, Value>> entries) {
  for (const auto& [name, value] : entries) set(name, value);
}

const Value& Params::at(const std::string& name) const {
  for (const auto& [n, v] : entries_)
    if (n == name) return v;
  std::string present;
  for (const auto& [n, v] : entries_) present += (present.empty() ? "" : ", ") + n;
  throw Error("hyperparameter '" + name + "' is not in this configuration (present: " +
              (present.empty() ? "none" : present) + ")");
}

bool Params::has(const std::string& name) const {
  return std::any_of(entries_.begin(), entries_.end(), [&](const auto& e) { return e.first == name; });
}

double Params::real(const std::string& name) const {
  const Value& v = at(name);
  check(is_number(v), "hyperparameter '" + name + "' is a " + type_name(v) + " (" + to_string(v) +
                          "), not a number");
  return as_number(v);
}

std::int64_t Params::integer(const std::string& name) const {
  const Value& v = at(name);
  if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v); d && *d == static_cast<double>(static_cast<std::int64_t>(*d)))
    return static_cast<std::int64_t>(*d);
  throw Error("hyperparameter '" + name + "' is a " + type_name(v) + " (" + to_string(v) +
              "), not an integer");
}

const std::string& Params::str(const std::string& name) const {
  const Value& v = at(name);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  throw Error("hyperparameter '" + name + "' is a " + type_name(v) + " (" + to_string(v) +
              "), not a string");
}

bool Params::boolean(const std::string& name) const {
  const Value& v = at(name);
  if (auto* b = std::get_if<bool>(&v)) return *b;
  throw Error("hyperparameter '" + name + "' is a " + type_name(v) + " (" + to_string(v) +
              "), not a bool");
}

Params& Params::set(const std::string& name, Value value) {
  for (auto& [n, v] : entries_)
    if (n == name) {
      v = std::move(value);
      return *this;
    }
  entries_.emplace_back(name, std::move(value));
  return *this;
}

void Params::erase(const std::string& name) {
  std::erase_if(entries_, [&](const auto& e) { return e.first == name; });
}

std::string Params::key() const {
  std::vector<const std::pair<std::string, Value>*> sorted;
  for (const auto& e : entries_) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  std::string key;
  for (const auto* e : sorted) {
    key += e->first;
    key += '=';
    if (auto* d = std::get_if<double>(&e->second)) key += exact(*d);
    else key += to_string(e->second);
    key += ';';
  }
  return key;
}

Json Params::to_json() const {
  Json j = Json::object();
  for (const auto& [n, v] : entries_) j[n] = value_to_json(v);
  return j;
}

Params Params::from_json(const Json& json) {
  check(json.is_object(), "a parameter set must be a JSON object, got " + json.dump());
  Params p;
  for (const auto& [name, value] : json.items()) p.set(name, value_from_json(value));
  return p;
}

std::ostream& operator<<(std::ostream& out, const Params& params) {
  out << '{';
  bool first = true;
  for (const auto& [n, v] : params) {
    out << (first ? "" : ", ") << n << '=' << to_string(v);
    first = false;
  }
  return out << '}';
}

std::string to_string(const Params& params) {
  std::ostringstream s;
  s << params;
  return s.str();
}

}  // namespace tunet::tuner
