#include "nn/layer_factory.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <set>

#include "core/error.hpp"
#include "nn/activation_layer.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/dropout.hpp"
#include "nn/flatten.hpp"
#include "nn/max_pool2d.hpp"

namespace tunet::nn {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char ch) { return char(std::tolower(ch)); });
  return text;
}

// Reads the fields of one layer's config, checking that nothing unknown is left.
class ConfigReader {
 public:
  ConfigReader(std::string type, const LayerConfig& config)
      : type_(std::move(type)), config_(config) {}

  bool has(const std::string& key) const { return config_.count(key) > 0; }

  std::string text(const std::string& key, const std::string& fallback) {
    used_.insert(key);
    auto it = config_.find(key);
    return it == config_.end() ? fallback : it->second;
  }

  const std::string& required(const std::string& key) {
    used_.insert(key);
    auto it = config_.find(key);
    check(it != config_.end(), type_ + ": missing required field '" + key + "'");
    return it->second;
  }

  int64_t integer(const std::string& key, const std::string& value) {
    int64_t result = 0;
    const char* end = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(value.data(), end, result);
    check(ec == std::errc() && ptr == end,
          type_ + ": field '" + key + "' must be an integer, got '" + value + "'");
    return result;
  }

  double real(const std::string& key, const std::string& value) {
    char* end = nullptr;
    const double result = std::strtod(value.c_str(), &end);
    check(!value.empty() && end == value.c_str() + value.size(),
          type_ + ": field '" + key + "' must be a number, got '" + value + "'");
    return result;
  }

  int64_t required_integer(const std::string& key) { return integer(key, required(key)); }
  int64_t optional_integer(const std::string& key, int64_t fallback) {
    const std::string value = text(key, "");
    return has(key) ? integer(key, value) : fallback;
  }

  // Throws for any field no reader asked about.
  void finish() const {
    for (const auto& [key, value] : config_)
      if (!used_.count(key)) {
        std::string known;
        for (const auto& k : used_) known += (known.empty() ? "" : ", ") + k;
        throw Error(type_ + ": unknown field '" + key + "' (= '" + value +
                    "'); known fields: " + known);
      }
  }

 private:
  std::string type_;
  const LayerConfig& config_;
  std::set<std::string> used_;
};

}  // namespace

std::vector<std::string> layer_types() {
  return {"Dense", "Conv2D", "MaxPool2D", "Dropout", "Flatten", "Activation"};
}

std::unique_ptr<Layer> make_layer(const std::string& type, const LayerConfig& config) {
  const std::string key = lower(type);
  std::unique_ptr<Layer> layer;
  ConfigReader read(type, config);
  const std::string name = read.text("name", "");
  if (key == "dense") {
    const int64_t units = read.required_integer("units");
    layer = std::make_unique<Dense>(units, read.text("activation", "linear"));
  } else if (key == "conv2d") {
    const int64_t filters = read.required_integer("filters");
    const int64_t kernel_size = read.required_integer("kernel_size");
    const int64_t strides = read.optional_integer("strides", 1);
    layer = std::make_unique<Conv2D>(filters, kernel_size, strides, read.text("padding", "valid"),
                                     read.text("activation", "linear"),
                                     parse_conv_algorithm(read.text("algorithm", "auto")));
  } else if (key == "maxpool2d" || key == "maxpooling2d") {
    const int64_t pool_size = read.optional_integer("pool_size", 2);
    const int64_t strides = read.optional_integer("strides", pool_size);
    layer = std::make_unique<MaxPool2D>(pool_size, strides, read.text("padding", "valid"));
  } else if (key == "dropout") {
    layer = std::make_unique<Dropout>(read.real("rate", read.required("rate")));
  } else if (key == "flatten") {
    layer = std::make_unique<Flatten>();
  } else if (key == "activation") {
    layer = std::make_unique<Activation>(read.required("activation"));
  } else {
    std::string valid;
    for (const auto& t : layer_types()) valid += (valid.empty() ? "" : ", ") + t;
    throw Error("unknown layer type '" + type + "'; valid types: " + valid + " (case-insensitive)");
  }
  read.finish();
  layer->set_name(name);
  return layer;
}

}  // namespace tunet::nn
