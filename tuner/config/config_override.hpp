#pragma once
// Changing a config from the command line without editing its file:
//   tunet tune examples/fashion_mlp_hyperband.json --set search.R=9 --set data.subset.train=6000
//
// An override is PATH=VALUE. PATH names nested object fields with dots
// ("data.subset.train"); missing objects on the way are created. VALUE is read
// as JSON when it parses (9, 0.5, true, [8, 8], {"name": "adam"}, "text"),
// otherwise as a plain string (repo_dir=/tmp/run). The result is checked like
// any config, so a wrong PATH is reported as an unknown field by name.
#include <string>
#include <vector>

#include "tuner/config/json.hpp"

namespace tunet::tuner {

// Throws Error naming the override when it has no '=', an empty field name,
// or a PATH that runs through a value that is not an object.
void apply_config_override(Json& config, const std::string& assignment);

void apply_config_overrides(Json& config, const std::vector<std::string>& assignments);

}  // namespace tunet::tuner
