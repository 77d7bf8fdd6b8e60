#include "core/build_info.hpp"

#include <string_view>

#include "core/backend.hpp"
#include "core/op_kernels.hpp"
#include "core/parallel.hpp"

namespace tunet {
namespace {

// True when `name` is in TUNET_BUILT_DEVICE_KINDS ("cuda,..."): each backend's
// CMakeLists.txt adds its kind's name to tunet_core's property of that name
// (core/CMakeLists.txt, cuda/CMakeLists.txt).
bool backend_built(std::string_view name) {
  std::string_view built = TUNET_BUILT_DEVICE_KINDS;
  while (!built.empty()) {
    const size_t comma = built.find(',');
    if (built.substr(0, comma) == name) return true;
    built = comma == std::string_view::npos ? std::string_view() : built.substr(comma + 1);
  }
  return false;
}

DeviceKindStatus device_kind_status(const DeviceKindInfo& kind) {
  DeviceKindStatus s{.kind = kind.kind, .built = backend_built(kind.name), .usable = false, .status = {}};
  if (!s.built) return s;
  // The backend registers itself when its library is linked (cuda/backend.cpp).
  const Device device{kind.kind, 0};
  std::string why;
  if (!backend_registered(kind.kind)) {
    s.status = std::string("the ") + kind.label + " backend is not linked into this program (link tunet::" + kind.name +
               ")";
  } else if (!device_available(device, &why)) {
    s.status = why;
  } else {
    s.usable = true;
    const DeviceBackend& b = backend(device);
    s.status = device.str();
    if (b.describe) s.status.append(" ").append(b.describe(device.index));
  }
  return s;
}

}  // namespace

BuildInfo build_info() {
  BuildInfo info;
  info.version = TUNET_VERSION;
  info.compiler = TUNET_COMPILER;
  info.build_type = TUNET_BUILD_TYPE;
  info.cpu_kernel = MatmulKernels::cpu().kernel_name();  // the CPU backend says which (core/cpu/matmul.cpp)
#if defined(_OPENMP)
  info.openmp = true;
#endif
  for (const DeviceKindInfo& kind : kDeviceKindInfo)
    if (kind.kind != DeviceKind::CPU) info.devices.push_back(device_kind_status(kind));
  for (const DeviceKindStatus& s : info.devices)
    if (s.kind == DeviceKind::CUDA) info.cuda = s.built, info.cuda_usable = s.usable, info.cuda_status = s.status;
  info.threads = num_threads();
  return info;
}

std::string build_info_str() {
  const BuildInfo info = build_info();
  std::string line = "tunet " + info.version + " (" + info.build_type + ", " + info.compiler + ", CPU kernel " +
                     info.cpu_kernel + ") OpenMP " + (info.openmp ? "on" : "off") + ", " +
                     std::to_string(info.threads) + " thread" + (info.threads == 1 ? "" : "s");
  for (const DeviceKindStatus& s : info.devices)
    line += std::string("; ") + kDeviceKindInfo[static_cast<int>(s.kind)].label +
            (s.built ? " on (" + s.status + ")" : " off (not built)");
  return line;
}

}  // namespace tunet
