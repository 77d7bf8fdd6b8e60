#pragma once
// What this build of tunet contains, the thread count in force, and whether
// each device kind's backend (when built) can use a device in this process,
// or why not.
#include <string>
#include <vector>

#include "core/device.hpp"

namespace tunet {

// One kind of device besides the CPU (a row of kDeviceKindInfo).
struct DeviceKindStatus {
  DeviceKind kind;
  bool built = false;   // the kind's backend was built
  bool usable = false;  // ... is linked into this program and its device 0 is usable
  // Device 0 ("cuda:0 NVIDIA H200, 132 SMs, 139.8 GiB, compute 9.0") or why
  // it cannot be used; empty when the backend was not built.
  std::string status;
};

struct BuildInfo {
  std::string version;
  std::string compiler;
  std::string build_type;
  bool openmp = false;
  // The packed GEMM's widest micro-kernel, which the compiler's target ISA
  // decides (TUNET_NATIVE, docs/portability.md): "avx512 14x32", "neon 8x12",
  // "portable 4x16", ...
  std::string cpu_kernel;
  std::vector<DeviceKindStatus> devices;  // every kind but the CPU, in kDeviceKindInfo's order
  // The CUDA row of `devices`, field by field.
  bool cuda = false;
  bool cuda_usable = false;
  std::string cuda_status;
  int threads = 1;
};

BuildInfo build_info();
// One line: "tunet 0.1.0 (Release, GNU 12.2.0, CPU kernel avx512 14x32) OpenMP
// on, 2 threads; CUDA on (no usable CUDA device: ... (error 35))", or "...;
// CUDA off (not built)": one "; <label> on|off (...)" per device kind.
std::string build_info_str();

}  // namespace tunet
