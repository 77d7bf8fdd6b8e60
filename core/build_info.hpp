#pragma once
// What this build of tunet contains, and the thread count in force.
#include <string>

namespace tunet {

struct BuildInfo {
  std::string version;
  std::string compiler;
  std::string build_type;
  bool openmp = false;
  bool cuda = false;
  int threads = 1;
};

BuildInfo build_info();
std::string build_info_str();  // one line: "tunet 0.1.0 (Release, GNU 12.2.0) OpenMP on, 2 threads; CUDA off"

}  // namespace tunet
