#pragma once
// LayerConfigReader: the fields of one layer's config (text keys and values,
// as save() writes them and the tuner's config files spell them), read by the
// layer type's parser. make_layer has already refused the fields its type
// does not declare (LayerField, nn/layer_factory.hpp); a parser that reads a
// field its registration does not declare is an Error too, so the declared
// list stays the one the parser reads.
//
//   const int64_t units = read.required_integer("units");
//   const std::string activation = read.text("activation", "linear");
//
// Errors name the layer type and the field: "Dense: field 'units' must be an
// integer, got '4x'".
#include <cstdint>
#include <string>
#include <vector>

#include "nn/layer.hpp"

namespace tunet::nn {

// What a layer field's value is: the tuner's config checks JSON values
// against it ("units": "100" is a string, not an integer).
enum class FieldKind { Integer, Number, Text };

struct LayerField {
  std::string name;
  FieldKind kind = FieldKind::Text;
};

class LayerConfigReader {
 public:
  LayerConfigReader(std::string type, const LayerConfig& config, const std::vector<LayerField>& declared)
      : type_(std::move(type)), config_(config), declared_(declared) {}

  bool has(const std::string& key) const { return config_.count(key) > 0; }
  std::string text(const std::string& key, const std::string& fallback);
  const std::string& required(const std::string& key);
  int64_t integer(const std::string& key, const std::string& value) const;
  double real(const std::string& key, const std::string& value) const;
  int64_t required_integer(const std::string& key) { return integer(key, required(key)); }
  int64_t optional_integer(const std::string& key, int64_t fallback);

 private:
  void check_declared(const std::string& key) const;

  std::string type_;
  const LayerConfig& config_;
  const std::vector<LayerField>& declared_;
};

}  // namespace tunet::nn
