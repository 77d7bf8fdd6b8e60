#include "nn/layer_factory.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

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

const LayerType* find_type(const std::string& name) {
  const std::string key = lower(name);
  for (const LayerType& type : registered_types()) {
    if (lower(type.name) == key) return &type;
    for (const std::string& alias : type.aliases)
      if (lower(alias) == key) return &type;
  }
  return nullptr;
}

}  // namespace

bool register_layer_type(LayerType type) {
  check(!type.name.empty() && type.parse != nullptr, "register_layer_type: a layer type needs a name and a parser");
  std::vector<std::string> names = type.aliases;
  names.push_back(type.name);
  for (const std::string& name : names)
    check(!find_type(name), "register_layer_type: '" + name + "' is already registered");
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
  LayerConfigReader read(type, config);
  const std::string name = read.text("name", "");
  const LayerType* found = find_type(type);
  if (!found) {
    std::string valid;
    for (const auto& t : layer_types()) valid += (valid.empty() ? "" : ", ") + t;
    throw Error("unknown layer type '" + type + "'; valid types: " + valid + " (case-insensitive)");
  }
  std::unique_ptr<Layer> layer = found->parse(read);
  read.finish();
  layer->set_name(name);
  return layer;
}

}  // namespace tunet::nn
