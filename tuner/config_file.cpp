#include "tuner/config_file.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

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
    std::string what = e.what();
    // nlohmann's message: "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..."
    size_t colon = what.find(": ");
    std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
    throw Error(name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": malformed JSON: " + detail);
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
