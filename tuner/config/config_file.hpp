#pragma once
// Reading a JSON config file with errors a person can act on: a syntax error
// names the file, the line and the column.
#include <filesystem>

#include "tuner/config/json.hpp"

namespace tunet::tuner {

// Throws Error "CONFIG.json:12:5: syntax error: ..." for malformed JSON, and
// names the file when it cannot be read.
Json read_config(const std::filesystem::path& path);

// The same for text already in memory (`name` is used in messages).
Json parse_config(const std::string& text, const std::string& name);

}  // namespace tunet::tuner
