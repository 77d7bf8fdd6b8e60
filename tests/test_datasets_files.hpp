#pragma once
// Helpers for the datasets tests: a scratch folder per test program and
// writers for the tiny files the tests build byte by byte.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace tunet::datasets::testing {

// A fresh, empty folder under the build tree, named after the test program.
inline std::filesystem::path scratch_dir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(TUNET_BINARY_DIR) / "test-scratch" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string write_bytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream file(path, std::ios::binary);
  file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return path.string();
}

inline std::string write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  return path.string();
}

}  // namespace tunet::datasets::testing
