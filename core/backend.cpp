// The backend registry, and the CPU backend's memory (the CPU kernel tables
// are in core/cpu/).
#include "core/backend.hpp"

#include <algorithm>
#include <cstring>
#include <new>

#include "core/error.hpp"
#include "core/op_kernels.hpp"
#include "core/parallel.hpp"
#include "core/tensor.hpp"

namespace tunet {
namespace {

constexpr std::align_val_t kCpuAlignment{64};

// dst[0 .. n) = value, split over the threads for large buffers (a gradient
// buffer of a first conv layer is megabytes: first-touch page faults included).
void cpu_fill(float* dst, int64_t n, float value, int) {
  constexpr int64_t kBlock = int64_t(1) << 14;
  const int64_t blocks = (n + kBlock - 1) / kBlock;
  TUNET_OMP_FOR_IF(n >= 4 * kParallelMinElements)
  for (int64_t b = 0; b < blocks; ++b) std::fill(dst + b * kBlock, dst + std::min(n, (b + 1) * kBlock), value);
}

const DeviceBackend kCpuBackend = {
    .name = "cpu",
    .available = [](std::string*) { return true; },
    .device_count = [] { return 1; },
    .allocate = [](size_t bytes, int) { return ::operator new(bytes, kCpuAlignment); },
    .deallocate = [](void* ptr, size_t, int) { ::operator delete(ptr, kCpuAlignment); },
    .copy = [](void* dst, const void* src, size_t bytes, CopyKind, int) { std::memcpy(dst, src, bytes); },
    .fill = cpu_fill,
    .synchronize = [](int) {},
    .select = [](int) {},
};

const DeviceBackend* g_backends[kDeviceKinds] = {&kCpuBackend, nullptr};

// Every family of kernels, for supports(name, device) and op_names().
struct Family {
  const char* name;
  bool (*supported)(Device device);
};
// (Each family joins this list once its CPU table exists in core/cpu/.)
constexpr Family kFamilies[] = {
    {ActivationKernels::kOp, supports<ActivationKernels>},
    {Conv2dKernels::kOp, supports<Conv2dKernels>},
    {DenseKernels::kOp, supports<DenseKernels>},
    {DropoutKernels::kOp, supports<DropoutKernels>},
    {LossKernels::kOp, supports<LossKernels>},
    {ElementwiseKernels::kOp, supports<ElementwiseKernels>},
    {MatmulKernels::kOp, supports<MatmulKernels>},
    {MaxPoolKernels::kOp, supports<MaxPoolKernels>},
    {OptimizerKernels::kOp, supports<OptimizerKernels>},
    {ReduceKernels::kOp, supports<ReduceKernels>},
    {ShapeKernels::kOp, supports<ShapeKernels>},
};

}  // namespace

void register_backend(DeviceKind kind, const DeviceBackend* backend) {
  check(kind != DeviceKind::CPU, "register_backend: the CPU backend is core's own");
  g_backends[static_cast<int>(kind)] = backend;
}

bool backend_registered(DeviceKind kind) { return g_backends[static_cast<int>(kind)] != nullptr; }

const DeviceBackend& backend(Device device) {
  const DeviceBackend* b = g_backends[static_cast<int>(device.kind)];
  if (!b)
    throw Error(std::string("no backend is registered for device ") + device.str() +
                " (this build of tunet has no " + device_name(device) + " backend)");
  return *b;
}

bool device_available(Device device, std::string* why) {
  const DeviceBackend* b = g_backends[static_cast<int>(device.kind)];
  if (!b) {
    if (why) *why = std::string("this build of tunet has no ") + device_name(device) + " backend";
    return false;
  }
  if (!b->available(why)) return false;
  if (device.index < 0 || device.index >= b->device_count()) {
    if (why)
      *why = "device " + device.str() + " does not exist (" + std::to_string(b->device_count()) + " " +
             device_name(device) + " device(s) found)";
    return false;
  }
  return true;
}

Device same_device(const char* op, std::initializer_list<const Tensor*> inputs) {
  const Tensor* first = nullptr;
  for (const Tensor* t : inputs) {
    if (!t || !t->defined()) continue;
    if (!first) {
      first = t;
      continue;
    }
    if (t->device() != first->device()) {
      std::string devices;
      for (const Tensor* u : inputs)
        if (u && u->defined()) devices += (devices.empty() ? "" : ", ") + u->device().str();
      throw Error(std::string(op) + ": inputs on different devices (" + devices +
                  "); move them to one device with Tensor::to()");
    }
  }
  return first ? first->device() : Device::CPU;
}

void throw_unsupported(const char* op, Device device) {
  throw Error(std::string(op) + ": not supported on " + device.str() + " (the " + device_name(device) +
              " backend registers no kernels for it" +
              (backend_registered(device.kind) ? "" : "; this build has no such backend") + ")");
}

bool supports(std::string_view op, Device device) {
  for (const Family& f : kFamilies)
    if (op == f.name) return f.supported(device);
  return false;
}

std::vector<std::string> op_names() {
  std::vector<std::string> names;
  for (const Family& f : kFamilies) names.emplace_back(f.name);
  return names;
}

}  // namespace tunet
