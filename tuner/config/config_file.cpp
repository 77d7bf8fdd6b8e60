#include "tuner/config/config_file.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"

namespace tunet::tuner {

Json parse_config(const std::string& text, const std::string& name) {
  try {
    return Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based: the position just past the offending character.
    size_t byte = e.byte == 0 ? 0 : e.byte - 1;
    byte = std::min(byte, text.size());
    size_t line = 1, column = 1;
    for (size_t i = 0; i < byte; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw Error(name + ":" + std::to_string(line) + ":" + std::to_string(column) +
                ": malformed JSON: " + json_error_detail(e));
  } catch (const nlohmann::json::exception& e) {  // e.g. a number too large for a double: no position
    throw Error(name + ": malformed JSON: " + json_error_detail(e));
  }
}

Json read_config(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read the config file " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path.string());
}

}  // namespace tunet::tuner
