#pragma once
// The table every optimizer is described by (nn/optimizers.cpp holds the
// nine), and how one table drives everything that names a setting: reading
// make_optimizer's settings, settings() (which checkpoints store), the range
// checks with their messages, and the settings reference (optimizer_docs()).
// Adding a setting is one field in the struct (nn/optimizers.hpp) and one row
// in its table:
//
//   {"beta_1", &Adam::beta_1, "decay rate of the first moment (mean) estimate", kUnitHalfOpen},
//
// The default is the struct's own field initialiser, read from Config{}.
#include <cmath>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/optimizer_step.hpp"
#include "nn/optimizer.hpp"

namespace tunet::nn {

// The values a number setting accepts: low .. high, each end open or closed.
struct SettingRange {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool low_open = false, high_open = false;

  bool contains(double v) const {
    return std::isfinite(v) && (low_open ? v > low : v >= low) && (high_open ? v < high : v <= high);
  }
};
inline constexpr double kNoLimit = std::numeric_limits<double>::infinity();
inline constexpr SettingRange kNonNegative{0, kNoLimit, false, true};  // >= 0
inline constexpr SettingRange kPositive{0, kNoLimit, true, true};      // > 0
inline constexpr SettingRange kUnitHalfOpen{0, 1, false, true};        // [0, 1)
inline constexpr SettingRange kUnitOpen{0, 1, true, true};             // (0, 1)
inline constexpr SettingRange kUnitClosed{0, 1, false, false};         // [0, 1]

// ">= 0", "[0, 1)", ...
std::string range_text(const SettingRange& range);
// The shortest text that reads back as `value` ("0.001", "1e-07").
std::string shortest_number(double value);

// One setting: its Keras name, the config field it sets (a number or a flag;
// flags are 0 / 1 in OptimizerSettings), what it means, the values it accepts
// (numbers only).
template <class Config>
struct SettingRow {
  const char* name;
  std::variant<double Config::*, bool Config::*> field;
  const char* doc;
  SettingRange range = {};
};

// The kernel an update runs and its scalars for step t.
struct UpdatePlan {
  OptimizerKind kind;
  UpdateScalars scalars;
};

template <class Config>
struct OptimizerTable {
  const char* name;     // "Adam"; make_optimizer's name is its lower case
  const char* summary;  // one line for the docs: what it is, where it comes from
  std::vector<SettingRow<Config>> settings;  // in Keras's order; with_clipping adds the two clip settings
  // The kind and scalars of step t (t = 1 first); clipnorm and clipvalue are
  // filled in by the caller. `product` carries a running product between steps.
  UpdatePlan (*plan)(const Config& c, int64_t t, RunningProduct& product);
  double Config::*first_slot_start = nullptr;  // slot 0 starts at this setting (else every slot at 0)
  void (*check)(const Config& c) = nullptr;     // a rule beyond the ranges (may be null)
};

// `rows` followed by clipnorm and clipvalue, which every optimizer has.
template <class Config>
std::vector<SettingRow<Config>> with_clipping(std::vector<SettingRow<Config>> rows) {
  rows.push_back({"clipnorm", &Config::clipnorm,
                  "if > 0, the gradient is scaled so that its global L2 norm is at most this", kNonNegative});
  rows.push_back({"clipvalue", &Config::clipvalue,
                  "if > 0, each gradient element is clamped to [-clipvalue, clipvalue]", kNonNegative});
  return rows;
}

// A setting's value in `c`, flags as 0 / 1.
template <class Config>
double setting_value(const SettingRow<Config>& row, const Config& c) {
  return std::visit([&](auto field) { return static_cast<double>(c.*field); }, row.field);
}

template <class Config>
bool is_flag(const SettingRow<Config>& row) {
  return std::holds_alternative<bool Config::*>(row.field);
}

// "learning_rate = 0.001, beta_1 = 0.9, ...": the settings and their defaults.
template <class Config>
std::string settings_with_defaults(const OptimizerTable<Config>& table) {
  const Config defaults{};
  std::string text;
  for (const auto& row : table.settings)
    text += (text.empty() ? "" : ", ") + std::string(row.name) + " = " + shortest_number(setting_value(row, defaults));
  return text;
}

// The config `settings` describe, every other field at its default. "lr"
// stands for "learning_rate". Error for an unknown setting (listing the valid
// ones with their defaults) or a flag that is not 0 / 1. Ranges are checked by
// check_config.
template <class Config>
Config config_from_settings(const OptimizerTable<Config>& table, OptimizerSettings settings) {
  const std::string optimizer = table.name;
  if (auto it = settings.find("lr"); it != settings.end()) {
    check(!settings.count("learning_rate"), optimizer + ": both 'lr' and 'learning_rate' given");
    settings["learning_rate"] = it->second;
    settings.erase(it);
  }
  Config c{};
  for (const auto& [key, value] : settings) {
    const SettingRow<Config>* row = nullptr;
    for (const auto& r : table.settings)
      if (key == r.name) row = &r;
    if (!row)
      throw Error(optimizer + ": unknown setting '" + key + "' (valid, with their defaults: " +
                  settings_with_defaults(table) + ")");
    if (auto flag = std::get_if<bool Config::*>(&row->field)) {
      check(value == 0 || value == 1,
            optimizer + ": setting '" + key + "' is a boolean (0 or 1), got " + shortest_number(value));
      c.**flag = value != 0;
    } else {
      c.*std::get<double Config::*>(row->field) = value;
    }
  }
  return c;
}

// Every setting of `c` by name.
template <class Config>
OptimizerSettings settings_of(const OptimizerTable<Config>& table, const Config& c) {
  OptimizerSettings settings;
  for (const auto& row : table.settings) settings[row.name] = setting_value(row, c);
  return settings;
}

// Error naming the first setting outside its range, the range and the value.
template <class Config>
void check_config(const OptimizerTable<Config>& table, const Config& c) {
  for (const auto& row : table.settings) {
    if (is_flag(row)) continue;
    const double value = setting_value(row, c);
    if (!row.range.contains(value))
      throw Error(std::string(table.name) + ": " + row.name + " must be " +
                  (std::isinf(row.range.high) ? "" : "in ") + range_text(row.range) + ", got " +
                  shortest_number(value));
  }
  if (table.check) table.check(c);
}

// The table's section of the settings reference (Markdown).
template <class Config>
std::string docs_of(const OptimizerTable<Config>& table, const std::string& make_name) {
  const Config defaults{};
  std::string text = "### " + std::string(table.name) + " (`\"" + make_name + "\"`)\n\n" + table.summary + "\n\n";
  text += "| setting | default | valid | meaning |\n| --- | --- | --- | --- |\n";
  for (const auto& row : table.settings) {
    const double value = setting_value(row, defaults);
    const std::string shown = is_flag(row) ? (value != 0 ? "true" : "false") : shortest_number(value);
    const std::string valid = is_flag(row) ? "0 or 1" : range_text(row.range);
    text += "| " + std::string(row.name) + " | " + shown + " | " + valid + " | " + row.doc + " |\n";
  }
  return text;
}

// ---- one optimizer, whichever it is (nn/optimizers.cpp) ----

std::string optimizer_name(const OptimizerConfig& config);
OptimizerSettings optimizer_settings(const OptimizerConfig& config);
// Error naming the setting when one is out of range.
void check_optimizer(const OptimizerConfig& config);
// Step t's kind and scalars, clipping included.
UpdatePlan plan_update(const OptimizerConfig& config, int64_t t, RunningProduct& product);
// Where slot `slot` of every element starts.
float initial_slot_value(const OptimizerConfig& config, int slot);

}  // namespace tunet::nn
