// The resume checks (replay_check.hpp): the journal's study header and each
// recorded trial compared with what this run derives, up to rounding.
#include "tuner/study/replay_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"

namespace tunet::tuner {

namespace {

// Re-derived real values may differ from the recorded ones in their last bits
// (another compiler, -march, libm): within this distance, relative to the
// larger magnitude or the dimension's range (a value near 0), they are the
// recorded value, and the search goes on with the journal's configuration.
constexpr double kResumeRelativeTolerance = 1e-9;

std::string exact(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

std::string exact(const Value& v) {
  if (auto* d = std::get_if<double>(&v)) return exact(*d);
  return to_string(v);
}

bool same_value(const Value& recorded, const Value& derived, const Dimension* dim) {
  if (std::holds_alternative<double>(recorded) || std::holds_alternative<double>(derived)) {
    if (!is_number(recorded) || !is_number(derived)) return false;
    const double a = as_number(recorded), b = as_number(derived);
    double scale = std::max(std::abs(a), std::abs(b));
    if (dim && dim->is_numeric()) scale = std::max(scale, dim->high() - dim->low());
    return a == b || std::abs(a - b) <= kResumeRelativeTolerance * scale;
  }
  return recorded == derived;
}

std::string spec_text(const TrialSpec& s) {
  std::string text = to_string(s.params) + " budget " + std::to_string(s.budget);
  if (s.bracket >= 0) text += " bracket " + std::to_string(s.bracket) + " rung " + std::to_string(s.rung);
  if (s.resumed_from) text += " continuing trial " + std::to_string(*s.resumed_from);
  return text;
}

// What differs between the recorded trial and the one this run derives ("" when
// nothing beyond rounding), every value printed with all 17 digits.
std::string spec_mismatch(const TrialSpec& s, const Trial& t, const Space& space) {
  std::string diff;
  auto field = [&](const std::string& name, const std::string& recorded, const std::string& derived) {
    if (recorded != derived) diff += "\n  " + name + ": recorded " + recorded + ", this run " + derived;
  };
  for (const auto& [name, value] : t.params) {
    if (!s.params.has(name)) field(name, exact(value), "(absent)");
    else if (!same_value(value, s.params.at(name), space.find(name)))
      field(name, exact(value), exact(s.params.at(name)));
  }
  for (const auto& [name, value] : s.params)
    if (!t.params.has(name)) field(name, "(absent)", exact(value));
  field("budget", std::to_string(t.budget), std::to_string(s.budget));
  field("initial_epoch", std::to_string(t.initial_epoch), std::to_string(s.initial_epoch));
  field("bracket", std::to_string(t.bracket), std::to_string(s.bracket));
  field("rung", std::to_string(t.rung), std::to_string(s.rung));
  auto parent = [](const std::optional<int>& p) { return p ? std::to_string(*p) : std::string("none"); };
  field("resumed_from", parent(t.resumed_from), parent(s.resumed_from));
  return diff;
}

}  // namespace

namespace {

// The first place where `recorded` and `expected` differ, as "path: recorded
// X, this run Y" ("" when they are equal); objects field by field, lists of
// the same length element by element.
std::string first_difference(const Json& recorded, const Json& expected, const std::string& path) {
  if (recorded == expected) return "";
  if (recorded.is_object() && expected.is_object()) {
    for (const auto& [key, value] : recorded.items()) {
      const std::string d = first_difference(value, expected.contains(key) ? expected.at(key) : Json(),
                                             field_path(path, key));
      if (!d.empty()) return d;
    }
    for (const auto& [key, value] : expected.items())
      if (!recorded.contains(key)) return field_path(path, key) + ": recorded (absent), this run " + json_text(value);
  }
  if (recorded.is_array() && expected.is_array() && recorded.size() == expected.size())
    for (size_t i = 0; i < recorded.size(); ++i) {
      const std::string d = first_difference(recorded[i], expected[i], element_path(path, i));
      if (!d.empty()) return d;
    }
  return path + ": recorded " + (recorded.is_null() ? "(absent)" : json_text(recorded)) + ", this run " +
         (expected.is_null() ? "(absent)" : json_text(expected));
}

}  // namespace

void check_recorded_header(const Json& recorded_header, const Json& expected_header, ObjectiveMode mode,
                           const std::filesystem::path& repo_dir) {
  for (const char* key : {"space", "algorithm", "objective", "seed", "constraints", "settings"}) {
    const Json recorded = recorded_header.contains(key) ? recorded_header.at(key) : Json();
    Json expected = expected_header.contains(key) ? expected_header.at(key) : Json();
    // Journals before version 3 scored the last epoch and say no mode.
    if (std::string(key) == "objective" && recorded.is_object() && !recorded.contains("mode") &&
        mode == ObjectiveMode::Last)
      expected.erase("mode");
    // Journals written before the settings were recorded: nothing to compare.
    if (std::string(key) == "settings" && recorded.is_null()) continue;
    const std::string difference = first_difference(recorded, expected, key);
    if (difference.empty()) continue;
    throw Error("repo_dir " + repo_dir.string() + " holds a search with " +
                (std::string(key) == "settings" ? "other " : "another ") + key + " (" + difference +
                "): use another repo_dir (or remove this one) instead of mixing two searches");
  }
}

// The rest of a recorded trial's spec is this run's own: budgets, brackets,
// rungs and continued configurations must agree with the record (up to rounding).
void check_recorded_trial(const TrialSpec& spec, const Trial& r, const Space& space,
                          const std::filesystem::path& repo_dir) {
  const std::string mismatch = spec_mismatch(spec, r, space);
  if (!mismatch.empty())
    throw Error("the journal in " + repo_dir.string() + " does not match this search at trial " +
                std::to_string(r.id) + ":\n  recorded: " +
                spec_text({r.params, r.budget, r.initial_epoch, r.bracket, r.rung, r.resumed_from}) +
                "\n  this run: " + spec_text(spec) + mismatch);
}

}  // namespace tunet::tuner
