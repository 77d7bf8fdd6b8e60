#include "nn/layer_factory.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "core/closest_name.hpp"
#include "core/error.hpp"

namespace tunet::nn {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
  return text;
}

// Sorted by (list_position, name); built by the static initialisers.
std::vector<LayerType>& registered_types() {
  static std::vector<LayerType> types;
  return types;
}

}  // namespace

const LayerType* find_layer_type(const std::string& name) {
  const std::string key = lower(name);
  for (const LayerType& type : registered_types()) {
    if (lower(type.name) == key) return &type;
    for (const std::string& alias : type.aliases)
      if (lower(alias) == key) return &type;
  }
  return nullptr;
}

std::string unknown_layer_type(const std::string& name) {
  const std::vector<std::string> names = layer_types();
  const std::string closest = closest_name(name, names);
  if (!closest.empty()) return "unknown layer type '" + name + "' (did you mean '" + closest + "'?)";
  std::string valid;
  for (const auto& t : names) valid += (valid.empty() ? "" : ", ") + t;
  return "unknown layer type '" + name + "'; valid types: " + valid + " (case-insensitive)";
}

std::vector<LayerField> layer_fields(const LayerType& type) {
  std::vector<LayerField> fields = type.fields;
  fields.push_back({"name", FieldKind::Text});
  return fields;
}

bool register_layer_type(LayerType type) {
  check(!type.name.empty() && type.parse != nullptr, "register_layer_type: a layer type needs a name and a parser");
  std::vector<std::string> names = type.aliases;
  names.push_back(type.name);
  for (const std::string& name : names)
    check(!find_layer_type(name), "register_layer_type: '" + name + "' is already registered");
  std::vector<LayerType>& types = registered_types();
  const auto before = [](const LayerType& a, const LayerType& b) {
    return std::tie(a.list_position, a.name) < std::tie(b.list_position, b.name);
  };
  types.insert(std::upper_bound(types.begin(), types.end(), type, before), std::move(type));
  return true;
}

std::vector<std::string> layer_types() {
  std::vector<std::string> names;
  for (const LayerType& type : registered_types()) names.push_back(type.name);
  return names;
}

std::unique_ptr<Layer> make_layer(const std::string& type, const LayerConfig& config) {
  const LayerType* found = find_layer_type(type);
  if (!found) throw Error(unknown_layer_type(type));
  const std::vector<LayerField> fields = layer_fields(*found);
  std::vector<std::string> names;
  for (const LayerField& field : fields) names.push_back(field.name);
  for (const auto& [key, value] : config)
    if (std::find(names.begin(), names.end(), key) == names.end())
      throw Error(found->name + ": unknown field '" + key + "' " + did_you_mean(key, names));
  LayerConfigReader read(found->name, config, fields);
  const std::string name = read.text("name", "");
  std::unique_ptr<Layer> layer = found->parse(read);
  layer->set_name(name);
  return layer;
}

}  // namespace tunet::nn
