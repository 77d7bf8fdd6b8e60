#include "tuner/integration/model_config.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "core/closest_name.hpp"
#include "core/error.hpp"
#include "nn/layer_factory.hpp"
#include "nn/optimizer.hpp"
#include "tuner/config/json_fields.hpp"

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

// Repetitions beyond this are a mistake in the config, not a network.
constexpr int kMaxRepeat = 1000;

// The largest count a "repeat" can take (to check references like $units_{i}).
int max_repeat(const Json& repeat, const Space& space, const std::string& path) {
  const std::string expected = "a count in [0, " + std::to_string(kMaxRepeat) + "] or \"$name\"";
  if (!is_reference(repeat)) return static_cast<int>(integer_value(repeat, path, 0, kMaxRepeat));
  const Dimension& d = space[repeat.get<std::string>().substr(1)];
  std::vector<double> counts;
  if (d.kind() == DimensionKind::Integer) counts = {d.low(), d.high()};
  for (const Value& v : d.values()) {
    if (!std::holds_alternative<std::int64_t>(v))
      throw Error(path + ": \"repeat\" refers to '" + d.name() + "', which is not an integer");
    counts.push_back(static_cast<double>(std::get<std::int64_t>(v)));
  }
  double most = 0;
  for (double c : counts) {
    if (c < 0 || c > kMaxRepeat)
      throw Error(path + ": \"repeat\" refers to '" + d.name() + "', which can be " + std::to_string(int64_t(c)) +
                  "; expected " + expected);
    most = std::max(most, c);
  }
  return static_cast<int>(most);
}

void check_references(const Json& value, const Space& space, int max_index, const std::string& path,
                      std::set<std::string>& names) {
  if (!is_reference(value)) return;
  const std::string raw = value.get<std::string>().substr(1);
  const bool indexed = raw.find("{i}") != std::string::npos;
  check(!indexed || max_index > 0, path + ": '" + raw + "' uses {i} outside a \"repeat\" block");
  for (int i = indexed ? 1 : 0; i <= (indexed ? max_index : 0); ++i) {
    const std::string name = expand_index(raw, i);
    if (!space.find(name))
      throw Error(path + ": unknown hyperparameter reference '$" + name + "' " + space.unknown_name_hint(name));
    names.insert(name);
  }
}

// A layer field's value against the kind its layer type declares; `source`
// (" (the value of $units)") says where a resolved value came from.
void check_field_kind(const Json& value, nn::FieldKind kind, const std::string& path, const std::string& source) {
  const bool ok = kind == nn::FieldKind::Integer  ? value.is_number_integer()
                  : kind == nn::FieldKind::Number ? value.is_number()
                                                  : value.is_string();
  if (ok) return;
  const char* expected = kind == nn::FieldKind::Integer ? "an integer" : kind == nn::FieldKind::Number ? "a number" : "a string";
  throw Error(path + ": expected " + expected + ", got " + json_text(value) + source);
}

// A layer's fields against its type's registration (nn/layer_factory.hpp):
// unknown ones (with the nearest known name), and values of the wrong kind.
// `resolved`: every "$name" already replaced by its value (at build time);
// otherwise references are left for the space to check.
void check_layer_fields(const Json& layer, const std::string& path, bool resolved, const Json& raw) {
  const std::string type = layer.at("layer").get<std::string>();
  const nn::LayerType* found = nn::find_layer_type(type);
  if (!found) throw Error(field_path(path, "layer") + ": " + nn::unknown_layer_type(type));
  const std::vector<nn::LayerField> fields = nn::layer_fields(*found);
  std::vector<std::string> known = {"layer"};
  for (const nn::LayerField& f : fields) known.push_back(f.name);
  known.push_back("input_shape");
  for (const auto& [key, value] : layer.items()) {
    if (key == "layer" || key == "input_shape") continue;
    const std::string& name = key;
    const auto field =
        std::find_if(fields.begin(), fields.end(), [&name](const nn::LayerField& f) { return f.name == name; });
    if (field == fields.end()) throw Error(path + ": unknown field '" + key + "' " + did_you_mean(key, known));
    const Json& written = raw.at(key);
    if (!resolved && is_reference(written)) continue;
    check_field_kind(value, field->kind, field_path(path, key),
                     is_reference(written) ? " (the value of " + written.get<std::string>() + ")" : "");
  }
}

// The schedule of one configuration.
nn::LearningRateSchedule build_schedule(const Json& schedule, const Params& hp, const std::string& path) {
  nn::ScheduleArguments arguments;
  for (const auto& [field, raw] : schedule.items()) {
    if (field == "type") continue;
    if (raw.is_array()) {
      Json resolved = Json::array();
      for (const Json& x : raw) resolved.push_back(resolve(x, hp, 0, path + " field '" + field + "'"));
      arguments[field] = text_of(resolved);
    } else {
      arguments[field] = text_of(resolve(raw, hp, 0, path + " field '" + field + "'"));
    }
  }
  try {
    return nn::make_schedule(schedule.at("type").get<std::string>(), arguments);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what() + (hp.empty() ? "" : " (in " + to_string(hp) + ")"));
  }
}

// A learning-rate schedule in place of a number:
//   "learning_rate": {"type": "cosine_decay", "initial_learning_rate": "$lr", "decay_steps": 1000}
// Its fields are numbers, lists of numbers (boundaries, values), bools or
// "$name"; one without references is built (and so checked) at once.
void check_schedule_fields(const Json& schedule, const Space& space, const std::string& path,
                           std::set<std::string>& names) {
  require_field(schedule, "type", path);
  const std::string type = string_value(schedule.at("type"), field_path(path, "type"));
  std::vector<std::string> known;
  try {
    known = nn::schedule_argument_names(type);
  } catch (const Error& e) {
    throw Error(field_path(path, "type") + ": " + e.what());
  }
  known.push_back("type");
  check_fields(schedule, path, known);
  bool literal = true;
  for (const auto& [field, value] : schedule.items()) {
    if (field == "type") continue;
    const std::string at = field_path(path, field);
    if (value.is_array()) {
      for (size_t i = 0; i < value.size(); ++i) {
        if (!is_reference(value[i])) number_value(value[i], element_path(at, i));
        check_references(value[i], space, 0, element_path(at, i), names);
        literal = literal && !is_reference(value[i]);
      }
    } else if (!is_reference(value) && !value.is_number() && !value.is_boolean()) {
      field_error(at, "a number, a list of numbers, a bool or \"$name\"", value);
    }
    check_references(value, space, 0, at, names);
    literal = literal && !is_reference(value);
  }
  if (literal) build_schedule(schedule, Params{}, path);
}

// The fields of {"name": "adam", ...} against that optimizer's settings.
void check_optimizer_fields(const Json& optimizer) {
  const std::string name = string_value(optimizer.at("name"), "compile.optimizer.name");
  std::vector<std::string> known = {"name"};
  try {
    for (const auto& [setting, value] : nn::make_optimizer(name)->settings()) known.push_back(setting);
  } catch (const Error& e) {
    throw Error("compile.optimizer.name: " + std::string(e.what()));
  }
  known.push_back("lr");  // Keras's short name of learning_rate
  check_fields(optimizer, "compile.optimizer", known);
}

}  // namespace

ModelConfig::ModelConfig(Json layers, Json compile, const Space& space, Shape input_shape)
    : layers_(std::move(layers)), compile_(std::move(compile)), input_shape_(std::move(input_shape)) {
  if (!layers_.is_array() || layers_.empty()) field_error("model", "a non-empty list of layers", layers_);
  require_object(compile_, "compile");
  check_fields(compile_, "compile", {"optimizer", "loss", "metrics"});
  std::set<std::string> names;
  auto check_layer = [&](const Json& layer, const std::string& path, int max_index) {
    if (!layer.is_object() || !layer.contains("layer") || !layer.at("layer").is_string())
      field_error(path, "{\"layer\": TYPE, ...}", layer);
    for (const auto& [field, value] : layer.items())
      if (field != "input_shape") check_references(value, space, max_index, field_path(path, field), names);
    if (!is_reference(layer.at("layer"))) check_layer_fields(layer, path, false, layer);
  };
  for (size_t k = 0; k < layers_.size(); ++k) {
    const Json& entry = layers_[k];
    const std::string path = element_path("model", k);
    if (entry.is_object() && entry.contains("repeat")) {
      check_fields(entry, path, {"repeat", "layers"});
      require_field(entry, "layers", path);
      require_array(entry.at("layers"), path + ".layers");
      check_references(entry.at("repeat"), space, 0, path + ".repeat", names);
      int most = max_repeat(entry.at("repeat"), space, path + ".repeat");
      for (size_t j = 0; j < entry.at("layers").size(); ++j)
        check_layer(entry.at("layers")[j], element_path(path + ".layers", j), most);
    } else {
      check_layer(entry, path, 0);
    }
  }
  for (size_t k = 0; k < layers_.size(); ++k) {
    if (!layers_[k].is_object() || !layers_[k].contains("input_shape")) continue;
    const std::string path = element_path("model", k) + ".input_shape";
    check(k == 0, path + ": only the first layer sets the input shape");
    const Json& shape = layers_[k].at("input_shape");
    if (!shape.is_array() || shape.empty()) field_error(path, "a list of sizes", shape);
    std::vector<int64_t> dims;
    for (size_t i = 0; i < shape.size(); ++i) dims.push_back(integer_value(shape[i], element_path(path, i), 1, 1 << 24));
    input_shape_ = Shape(dims);
  }
  require_field(compile_, "optimizer", "compile");
  require_field(compile_, "loss", "compile");
  const Json& opt = compile_.at("optimizer");
  if (opt.is_object()) {
    require_field(opt, "name", "compile.optimizer");
    if (!is_reference(opt.at("name"))) check_optimizer_fields(opt);
    for (const auto& [field, value] : opt.items()) {
      const std::string path = field_path("compile.optimizer", field);
      if (field == "name") string_value(value, path);
      else if (field == "learning_rate" && value.is_object()) check_schedule_fields(value, space, path, names);
      else if (!is_reference(value) && !value.is_number() && !value.is_boolean())
        field_error(path, "a number, a bool or \"$name\"", value);
      if (!value.is_object()) check_references(value, space, 0, path, names);
    }
  } else {
    string_value(opt, "compile.optimizer");
    check_references(opt, space, 0, "compile.optimizer", names);
  }
  string_value(compile_.at("loss"), "compile.loss");
  check_references(compile_.at("loss"), space, 0, "compile.loss", names);
  if (compile_.contains("metrics")) {
    const Json& metrics = compile_.at("metrics");
    require_array(metrics, "compile.metrics");
    for (size_t i = 0; i < metrics.size(); ++i) string_value(metrics[i], element_path("compile.metrics", i));
  }
  references_.assign(names.begin(), names.end());
}

nn::Sequential ModelConfig::build(const Params& hp, uint64_t seed) const {
  nn::Sequential model(input_shape_, seed);
  // `path`: the layer's JSON path; `repeat`: " (repeat 2)" inside a repeat block.
  auto add_layer = [&](const Json& layer, int index, const std::string& path, const std::string& repeat) {
    Json resolved = Json::object();
    for (const auto& [field, raw] : layer.items())
      if (field != "input_shape") resolved[field] = resolve(raw, hp, index, field_path(path, field) + repeat);
    if (!resolved.at("layer").is_string()) field_error(path + ".layer", "a layer type", resolved.at("layer"));
    check_layer_fields(resolved, path, true, layer);
    nn::LayerConfig config;
    for (const auto& [field, value] : resolved.items())
      if (field != "layer") config[field] = text_of(value);
    const std::string type = resolved.at("layer").get<std::string>();
    try {
      model.add(nn::make_layer(type, config));
    } catch (const std::exception& e) {
      throw Error(path + repeat + " (" + type + "): " + e.what());
    }
  };
  for (size_t k = 0; k < layers_.size(); ++k) {
    const Json& entry = layers_[k];
    const std::string path = element_path("model", k);
    if (entry.contains("repeat")) {
      int n = repeat_count(entry.at("repeat"), hp, path + ".repeat");
      for (int i = 1; i <= n; ++i)
        for (size_t j = 0; j < entry.at("layers").size(); ++j)
          add_layer(entry.at("layers")[j], i, element_path(path + ".layers", j), " (repeat " + std::to_string(i) + ")");
    } else {
      add_layer(entry, 0, path, "");
    }
  }

  const Json& opt = compile_.at("optimizer");
  std::string name;
  nn::OptimizerSettings settings;
  std::optional<nn::LearningRateSchedule> schedule;
  if (opt.is_object()) {
    for (const auto& [field, raw] : opt.items()) {
      if (field == "learning_rate" && raw.is_object()) {
        schedule = build_schedule(raw, hp, "compile.optimizer.learning_rate");
        continue;
      }
      const std::string path = field_path("compile.optimizer", field);
      Json value = resolve(raw, hp, 0, path);
      if (field == "name") {
        name = text_of(value);
      } else {
        if (!value.is_number() && !value.is_boolean())  // a literal is checked by the constructor
          throw Error(path + ": expected a number, got " + json_text(value) + " (the value of " +
                      raw.get<std::string>() + ")");
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
    model.compile(nn::Optimizer(optimizer->config(), schedule), text_of(resolve(compile_.at("loss"), hp, 0, "compile.loss")), metrics);
  } catch (const std::exception& e) {
    throw Error(std::string("compile: ") + e.what());
  }
  return model;
}

}  // namespace tunet::tuner
