#include "core/build_info.hpp"

#include "core/backend.hpp"
#include "core/op_kernels.hpp"
#include "core/parallel.hpp"

namespace tunet {

BuildInfo build_info() {
  BuildInfo info;
  info.version = TUNET_VERSION;
  info.compiler = TUNET_COMPILER;
  info.build_type = TUNET_BUILD_TYPE;
  info.cpu_kernel = MatmulKernels::cpu().kernel_name();  // the CPU backend says which (core/cpu/matmul.cpp)
#if defined(_OPENMP)
  info.openmp = true;
#endif
#if defined(TUNET_WITH_CUDA)
  info.cuda = true;
#endif
  if (info.cuda) {
    // The backend registers itself when tunet_cuda is linked (cuda/backend.cpp).
    const Device gpu = Device::cuda();
    std::string why;
    if (!backend_registered(gpu.kind)) {
      info.cuda_status = "the CUDA backend is not linked into this program (link tunet::cuda)";
    } else if (!device_available(gpu, &why)) {
      info.cuda_status = why;
    } else {
      info.cuda_usable = true;
      const DeviceBackend& b = backend(gpu);
      info.cuda_status = gpu.str();
      if (b.describe) info.cuda_status.append(" ").append(b.describe(gpu.index));
    }
  }
  info.threads = num_threads();
  return info;
}

std::string build_info_str() {
  const BuildInfo info = build_info();
  return "tunet " + info.version + " (" + info.build_type + ", " + info.compiler + ", CPU kernel " + info.cpu_kernel +
         ") OpenMP " +
         (info.openmp ? "on" : "off") + ", " + std::to_string(info.threads) + " thread" +
         (info.threads == 1 ? "" : "s") + "; CUDA " + (info.cuda ? "on (" + info.cuda_status + ")" : "off (not built)");
}

}  // namespace tunet
