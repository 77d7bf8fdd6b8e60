#include "core/build_info.hpp"

#include "core/parallel.hpp"

namespace tunet {

BuildInfo build_info() {
  BuildInfo info;
  info.version = TUNET_VERSION;
  info.compiler = TUNET_COMPILER;
  info.build_type = TUNET_BUILD_TYPE;
#if defined(_OPENMP)
  info.openmp = true;
#endif
#if defined(TUNET_WITH_CUDA)
  info.cuda = true;
#endif
  info.threads = num_threads();
  return info;
}

std::string build_info_str() {
  const BuildInfo info = build_info();
  return "tunet " + info.version + " (" + info.build_type + ", " + info.compiler + ") OpenMP " +
         (info.openmp ? "on" : "off") + ", " + std::to_string(info.threads) + " thread" +
         (info.threads == 1 ? "" : "s") + "; CUDA " + (info.cuda ? "on" : "off");
}

}  // namespace tunet
