#pragma once
// The "deploy" section of a config: the precision at which each trial's
// deployed size (nn/export/deployed_size.hpp) is computed, recorded and
// bounded by search.constraints:
//
//   "deploy": {"precision": "int8"}      "float32" (the default) or "int8"
//
// With a "deploy" section, or search.constraints on flash_bytes / ram_bytes,
// every trial records flash_bytes and ram_bytes (columns of the table,
// results.csv and the journal); without either, nothing changes.
#include <optional>

#include "nn/export/deployed_size.hpp"
#include "tuner/config/json.hpp"

namespace tunet::tuner {

struct DeploySettings {
  nn::Precision precision = nn::Precision::Float32;
};

// Errors name the field ("deploy.precision: expected float32 or int8, got \"fp16\"").
DeploySettings parse_deploy(const Json& deploy);

}  // namespace tunet::tuner
