#pragma once
// LayerConfigReader: the fields of one layer's config (text keys and values,
// as save() writes them and the tuner's config files spell them), read by the
// layer type's parser. Each read marks its field as known; finish() throws for
// any field nobody asked about, listing the known ones.
//
//   const int64_t units = read.required_integer("units");
//   const std::string activation = read.text("activation", "linear");
//
// Errors name the layer type and the field: "Dense: field 'units' must be an
// integer, got '4x'".
#include <cstdint>
#include <set>
#include <string>

#include "nn/layer.hpp"

namespace tunet::nn {

class LayerConfigReader {
 public:
  LayerConfigReader(std::string type, const LayerConfig& config) : type_(std::move(type)), config_(config) {}

  bool has(const std::string& key) const { return config_.count(key) > 0; }
  std::string text(const std::string& key, const std::string& fallback);
  const std::string& required(const std::string& key);
  int64_t integer(const std::string& key, const std::string& value) const;
  double real(const std::string& key, const std::string& value) const;
  int64_t required_integer(const std::string& key) { return integer(key, required(key)); }
  int64_t optional_integer(const std::string& key, int64_t fallback);

  // Throws Error for the first field no read asked about.
  void finish() const;

 private:
  std::string type_;
  const LayerConfig& config_;
  std::set<std::string> used_;
};

}  // namespace tunet::nn
