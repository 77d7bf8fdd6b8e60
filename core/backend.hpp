#pragma once
// The backend table: for each kind of device, how memory is allocated, filled
// and moved (a DeviceBackend), and which kernels implement each family of ops
// there (the tables of core/op_kernels.hpp).
//
// An op checks that its inputs share one device, takes that device's table for
// its family, and calls it; the autograd rule lives in the op, once, for every
// device:
//
//   const Device device = same_device("conv2d", {&x, &kernel, &bias});
//   const Conv2dKernels& k = kernel_table<Conv2dKernels>(device);  // Error if the backend lacks it
//   k.forward(...);
//
// core registers the CPU backend and the CPU table of every family (each
// family's cpu(), defined in core/cpu/); cuda/ registers the CUDA backend and
// its tables when it is linked. core never includes cuda/.
//
//   supports("conv2d", Device::cuda())   // false in a CPU-only build
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/device.hpp"

namespace tunet {

class Tensor;

enum class CopyKind { HostToDevice, DeviceToHost, DeviceToDevice };

// Memory on one kind of device. `index` names the device of that kind.
struct DeviceBackend {
  const char* name = "";  // "cpu", "cuda"
  // True when a device of this kind can be used; otherwise `why` gets the reason.
  bool (*available)(std::string* why) = nullptr;
  int (*device_count)() = nullptr;
  void* (*allocate)(size_t bytes, int index) = nullptr;
  void (*deallocate)(void* ptr, size_t bytes, int index) = nullptr;
  // Copies `bytes`; for HostToDevice `src` is host memory, for DeviceToHost `dst` is.
  void (*copy)(void* dst, const void* src, size_t bytes, CopyKind kind, int index) = nullptr;
  void (*fill)(float* dst, int64_t count, float value, int index) = nullptr;
  // Waits until the device's queued work is done (a no-op on the CPU).
  void (*synchronize)(int index) = nullptr;
  // Makes `index` the device that this thread's kernel calls run on.
  void (*select)(int index) = nullptr;
  // One line about device `index` ("NVIDIA H200, 132 SMs, 139.8 GiB, compute 9.0"); null: nothing to say.
  std::string (*describe)(int index) = nullptr;
};

void register_backend(DeviceKind kind, const DeviceBackend* backend);
bool backend_registered(DeviceKind kind);
// The backend of `device`; Error when none is registered (a build without that
// backend) or the device cannot be used (the reason is in the message).
const DeviceBackend& backend(Device device);
// True when `device` can hold tensors; otherwise `why` gets the reason.
bool device_available(Device device, std::string* why = nullptr);

// The device all `inputs` live on; Error naming `op` and the devices when they
// differ (undefined tensors are skipped).
Device same_device(const char* op, std::initializer_list<const Tensor*> inputs);

// ---- kernel tables ----
// A family of kernels is a struct of function pointers with its op name and
// its CPU table (see core/op_kernels.hpp):
//   struct Conv2dKernels { static constexpr const char* kOp = "conv2d";
//                          static const Conv2dKernels& cpu(); ForwardFn* forward; ... };

// Error: `op` has no kernels on `device`'s backend.
[[noreturn]] void throw_unsupported(const char* op, Device device);

template <class Kernels>
const Kernels*& kernel_slot(DeviceKind kind) {
  static const Kernels* slots[kDeviceKinds] = {&Kernels::cpu(), nullptr};
  return slots[static_cast<int>(kind)];
}

// A backend's table for a family; `table` must outlive the program.
template <class Kernels>
void register_kernels(DeviceKind kind, const Kernels& table) {
  kernel_slot<Kernels>(kind) = &table;
}

template <class Kernels>
bool supports(Device device) {
  return kernel_slot<Kernels>(device.kind) != nullptr;
}

// The family's kernels on `device`, with that device selected for this thread.
template <class Kernels>
const Kernels& kernel_table(Device device) {
  const Kernels* table = kernel_slot<Kernels>(device.kind);
  if (!table) throw_unsupported(Kernels::kOp, device);
  if (!device.is_cpu()) backend(device).select(device.index);
  return *table;
}

// By the family's name ("matmul", "conv2d", ...; op_names() lists them).
bool supports(std::string_view op, Device device);
std::vector<std::string> op_names();

}  // namespace tunet
