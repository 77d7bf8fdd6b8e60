#include "tuner/adapter/model_config.hpp"

#include <cstdio>
#include <set>

#include "core/error.hpp"
#include "nn/layer_factory.hpp"
#include "nn/optimizer.hpp"

namespace tunet::tuner {

namespace {

bool is_reference(const Json& v) { return v.is_string() && !v.get<std::string>().empty() && v.get<std::string>()[0] == '$'; }

std::string expand_index(std::string name, int index) {
  for (size_t at = name.find("{i}"); at != std::string::npos; at = name.find("{i}"))
    name.replace(at, 3, std::to_string(index));
  return name;
}

// A hyperparameter value as nn's text configs spell it.
std::string text_of(const Value& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* d = std::get_if<double>(&v)) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    return buf;
  }
  return to_string(v);
}

std::string text_of(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_number_float()) return text_of(Value(v.get<double>()));
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_array()) {  // kernel_size [3, 3] -> "3,3"
    std::string s;
    for (const Json& x : v) {
      if (!s.empty()) s += ',';
      s += text_of(x);
    }
    return s;
  }
  throw Error("unsupported value " + v.dump());
}

// Resolves a field: "$name" (with {i} expanded) from hp, anything else as written.
Json resolve(const Json& v, const Params& hp, int index, const std::string& where) {
  if (!is_reference(v)) return v;
  const std::string name = expand_index(v.get<std::string>().substr(1), index);
  check(hp.has(name), where + ": hyperparameter '" + name + "' is not active in this configuration " + to_string(hp));
  return value_to_json(hp.at(name));
}

int repeat_count(const Json& repeat, const Params& hp, const std::string& where) {
  Json n = resolve(repeat, hp, 0, where);
  check(n.is_number_integer() && n.get<std::int64_t>() >= 0, where + ": \"repeat\" must be a count >= 0, got " + n.dump());
  return static_cast<int>(n.get<std::int64_t>());
}

// The largest count a "repeat" can take (to check references like $units_{i}).
int max_repeat(const Json& repeat, const Space& space, const std::string& where) {
  if (!is_reference(repeat)) {
    check(repeat.is_number_integer(), where + ": \"repeat\" must be an integer or \"$name\", got " + repeat.dump());
    return static_cast<int>(repeat.get<std::int64_t>());
  }
  const Dimension& d = space[repeat.get<std::string>().substr(1)];
  if (d.kind() == DimensionKind::Integer) return static_cast<int>(d.high());
  int most = 0;
  for (const Value& v : d.values()) {
    check(std::holds_alternative<std::int64_t>(v), where + ": \"repeat\" refers to '" + d.name() + "', which is not an integer");
    most = std::max(most, static_cast<int>(std::get<std::int64_t>(v)));
  }
  return most;
}

void check_references(const Json& value, const Space& space, int max_index, const std::string& where,
                      std::set<std::string>& names) {
  if (!is_reference(value)) return;
  const std::string raw = value.get<std::string>().substr(1);
  const bool indexed = raw.find("{i}") != std::string::npos;
  check(!indexed || max_index > 0, where + ": '" + raw + "' uses {i} outside a \"repeat\" block");
  for (int i = indexed ? 1 : 0; i <= (indexed ? max_index : 0); ++i) {
    const std::string name = expand_index(raw, i);
    if (!space.find(name)) {
      std::string known;
      for (const Dimension& d : space) known += (known.empty() ? "" : ", ") + d.name();
      throw Error(where + ": unknown hyperparameter reference '$" + name + "' (the space has: " + known + ")");
    }
    names.insert(name);
  }
}

}  // namespace

ModelConfig::ModelConfig(Json layers, Json compile, const Space& space, Shape input_shape)
    : layers_(std::move(layers)), compile_(std::move(compile)), input_shape_(std::move(input_shape)) {
  check(layers_.is_array() && !layers_.empty(), "model: expected a non-empty list of layers");
  check(compile_.is_object(), "compile: expected an object with optimizer, loss and metrics");
  std::set<std::string> names;
  auto check_layer = [&](const Json& layer, const std::string& where, int max_index) {
    check(layer.is_object() && layer.contains("layer") && layer.at("layer").is_string(),
          where + ": expected {\"layer\": TYPE, ...}, got " + layer.dump());
    for (const auto& [field, value] : layer.items()) {
      if (field == "input_shape") {
        check(value.is_array() && !value.empty(), where + ": \"input_shape\" must be a list of sizes");
        continue;
      }
      check_references(value, space, max_index, where + " field '" + field + "'", names);
    }
  };
  for (size_t k = 0; k < layers_.size(); ++k) {
    const Json& entry = layers_[k];
    const std::string where = "model layer " + std::to_string(k + 1);
    if (entry.is_object() && entry.contains("repeat")) {
      check(entry.contains("layers") && entry.at("layers").is_array(), where + ": a \"repeat\" block needs \"layers\": [...]");
      check_references(entry.at("repeat"), space, 0, where + " \"repeat\"", names);
      int most = max_repeat(entry.at("repeat"), space, where);
      for (size_t j = 0; j < entry.at("layers").size(); ++j)
        check_layer(entry.at("layers")[j], where + "." + std::to_string(j + 1), most);
    } else {
      check_layer(entry, where, 0);
    }
  }
  if (layers_[0].is_object() && layers_[0].contains("input_shape")) {
    std::vector<int64_t> dims;
    for (const Json& d : layers_[0].at("input_shape")) {
      check(d.is_number_integer() && d.get<int64_t>() > 0, "model layer 1: \"input_shape\" sizes must be positive integers");
      dims.push_back(d.get<int64_t>());
    }
    input_shape_ = Shape(dims);
  }
  check(compile_.contains("optimizer") && compile_.contains("loss"), "compile: needs \"optimizer\" and \"loss\"");
  const Json& opt = compile_.at("optimizer");
  if (opt.is_object()) {
    check(opt.contains("name"), "compile.optimizer: needs \"name\"");
    for (const auto& [field, value] : opt.items())
      check_references(value, space, 0, "compile.optimizer field '" + field + "'", names);
  } else {
    check(opt.is_string(), "compile.optimizer: expected a name or {\"name\": ..., settings}");
    check_references(opt, space, 0, "compile.optimizer", names);
  }
  check_references(compile_.at("loss"), space, 0, "compile.loss", names);
  references_.assign(names.begin(), names.end());
}

nn::Sequential ModelConfig::build(const Params& hp, uint64_t seed) const {
  nn::Sequential model(input_shape_, seed);
  auto add_layer = [&](const Json& layer, int index, const std::string& where) {
    nn::LayerConfig config;
    std::string type;
    for (const auto& [field, raw] : layer.items()) {
      if (field == "input_shape") continue;
      Json value = resolve(raw, hp, index, where + " field '" + field + "'");
      if (field == "layer") type = text_of(value);
      else config[field] = text_of(value);
    }
    try {
      model.add(nn::make_layer(type, config));
    } catch (const std::exception& e) {
      throw Error(where + " (" + type + "): " + e.what());
    }
  };
  for (size_t k = 0; k < layers_.size(); ++k) {
    const Json& entry = layers_[k];
    const std::string where = "model layer " + std::to_string(k + 1);
    if (entry.contains("repeat")) {
      int n = repeat_count(entry.at("repeat"), hp, where);
      for (int i = 1; i <= n; ++i)
        for (size_t j = 0; j < entry.at("layers").size(); ++j)
          add_layer(entry.at("layers")[j], i, where + "." + std::to_string(j + 1) + " (repeat " + std::to_string(i) + ")");
    } else {
      add_layer(entry, 0, where);
    }
  }

  const Json& opt = compile_.at("optimizer");
  std::string name;
  nn::OptimizerSettings settings;
  if (opt.is_object()) {
    for (const auto& [field, raw] : opt.items()) {
      Json value = resolve(raw, hp, 0, "compile.optimizer field '" + field + "'");
      if (field == "name") {
        name = text_of(value);
      } else {
        check(value.is_number() || value.is_boolean(),
              "compile.optimizer field '" + field + "': expected a number, got " + value.dump());
        settings[field] = value.is_boolean() ? (value.get<bool>() ? 1.0 : 0.0) : value.get<double>();
      }
    }
  } else {
    name = text_of(resolve(opt, hp, 0, "compile.optimizer"));
  }
  std::vector<std::string> metrics;
  if (compile_.contains("metrics"))
    for (const Json& m : compile_.at("metrics")) metrics.push_back(m.get<std::string>());
  try {
    auto optimizer = nn::make_optimizer(name, settings);
    model.compile(*optimizer, text_of(resolve(compile_.at("loss"), hp, 0, "compile.loss")), metrics);
  } catch (const std::exception& e) {
    throw Error(std::string("compile: ") + e.what());
  }
  return model;
}

}  // namespace tunet::tuner
