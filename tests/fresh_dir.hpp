#pragma once
// An empty scratch folder for a test, under the build tree: <build>/test_tmp/<name>.
#include <filesystem>
#include <string>

namespace tunet::testing {

inline std::filesystem::path fresh_dir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(TUNET_BINARY_DIR) / "test_tmp" / name;
  std::filesystem::remove_all(dir);
  return dir;
}

}  // namespace tunet::testing
