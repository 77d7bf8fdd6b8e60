#pragma once
// What this build of tunet contains, the thread count in force, and whether
// the CUDA backend (when built) can use a GPU in this process, or why not.
#include <string>

namespace tunet {

struct BuildInfo {
  std::string version;
  std::string compiler;
  std::string build_type;
  bool openmp = false;
  // The packed GEMM's widest micro-kernel, which the compiler's target ISA
  // decides (TUNET_NATIVE, docs/portability.md): "avx512 14x32", "neon 8x12",
  // "portable 4x16", ...
  std::string cpu_kernel;
  bool cuda = false;         // the CUDA backend was built
  bool cuda_usable = false;  // ... is linked into this program and a device is usable
  // The device ("cuda:0 NVIDIA H200, 132 SMs, 139.8 GiB, compute 9.0") or why
  // none can be used; empty when CUDA was not built.
  std::string cuda_status;
  int threads = 1;
};

BuildInfo build_info();
// One line: "tunet 0.1.0 (Release, GNU 12.2.0, CPU kernel avx512 14x32) OpenMP
// on, 2 threads; CUDA on (no usable CUDA device: ... (error 35))", or "...;
// CUDA off (not built)".
std::string build_info_str();

}  // namespace tunet
