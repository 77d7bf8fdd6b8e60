#pragma once
// The JSON type the tuner reads and writes: nlohmann's ordered_json, so a
// search space, a parameter set and a journal line keep the order they were
// written in (a config's space reads top to bottom in the results table).
#include <nlohmann/json.hpp>

namespace tunet::tuner {

using Json = nlohmann::ordered_json;

}  // namespace tunet::tuner
