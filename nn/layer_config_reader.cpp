#include "nn/layer_config_reader.hpp"

#include <charconv>
#include <cstdlib>

#include "core/error.hpp"

namespace tunet::nn {

void LayerConfigReader::check_declared(const std::string& key) const {
  for (const LayerField& field : declared_)
    if (field.name == key) return;
  throw Error(type_ + ": the parser reads field '" + key + "', which its registration does not declare");
}

std::string LayerConfigReader::text(const std::string& key, const std::string& fallback) {
  check_declared(key);
  auto it = config_.find(key);
  return it == config_.end() ? fallback : it->second;
}

const std::string& LayerConfigReader::required(const std::string& key) {
  check_declared(key);
  auto it = config_.find(key);
  check(it != config_.end(), type_ + ": missing required field '" + key + "'");
  return it->second;
}

int64_t LayerConfigReader::integer(const std::string& key, const std::string& value) const {
  int64_t result = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, result);
  check(ec == std::errc() && ptr == end, type_ + ": field '" + key + "' must be an integer, got '" + value + "'");
  return result;
}

double LayerConfigReader::real(const std::string& key, const std::string& value) const {
  char* end = nullptr;
  const double result = std::strtod(value.c_str(), &end);
  check(!value.empty() && end == value.c_str() + value.size(),
        type_ + ": field '" + key + "' must be a number, got '" + value + "'");
  return result;
}

int64_t LayerConfigReader::optional_integer(const std::string& key, int64_t fallback) {
  const std::string value = text(key, "");
  return has(key) ? integer(key, value) : fallback;
}

}  // namespace tunet::nn
