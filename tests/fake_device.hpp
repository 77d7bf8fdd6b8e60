#pragma once
// A stand-in GPU for the tests: a DeviceBackend registered under
// DeviceKind::CUDA whose memory is ordinary (64-byte aligned) host memory, and
// the CPU kernel tables registered for it. Tensors moved to Device::cuda()
// then travel every device path of core (same_device, the table lookup,
// Tensor::to, data() refusing device memory) without a GPU, and an op's
// results on it must equal the CPU's bit for bit.
//
//   testing::use_fake_gpu();
//   Tensor x = Tensor::ones({2, 3}).to(Device::cuda());
//   CHECK(sum(x).item() == 6);
//
// Only for test binaries built without the real CUDA backend (both register
// under DeviceKind::CUDA).
#include <algorithm>
#include <cstring>
#include <new>
#include <string>

#include "core/backend.hpp"
#include "core/op_kernels.hpp"

namespace tunet::testing {

inline constexpr int kFakeGpuCount = 2;  // cuda:0 and cuda:1

// Copies between the host and the fake device so far, by direction: a test
// can check that a training step moves only what it should.
struct FakeTransfers {
  int64_t host_to_device = 0, device_to_host = 0, device_to_device = 0;
};
inline FakeTransfers& fake_transfers() {
  static FakeTransfers counts;
  return counts;
}

// The fake backend's memory: allocate, copy, fill; no kernel tables.
inline void register_fake_memory() {
  static constexpr std::align_val_t kAlignment{64};
  static const DeviceBackend fake = {
      .name = "cuda (host-memory fake)",
      .available = [](std::string*) { return true; },
      .device_count = [] { return kFakeGpuCount; },
      .allocate = [](size_t bytes, int) { return ::operator new(bytes, kAlignment); },
      .deallocate = [](void* ptr, size_t, int) { ::operator delete(ptr, kAlignment); },
      .copy =
          [](void* dst, const void* src, size_t bytes, CopyKind kind, int) {
            FakeTransfers& t = fake_transfers();
            ++(kind == CopyKind::HostToDevice   ? t.host_to_device
               : kind == CopyKind::DeviceToHost ? t.device_to_host
                                                : t.device_to_device);
            std::memcpy(dst, src, bytes);
          },
      .fill = [](float* dst, int64_t count, float value, int) { std::fill(dst, dst + count, value); },
      .synchronize = [](int) {},
      .select = [](int) {},
  };
  register_backend(DeviceKind::CUDA, &fake);
}

// The CPU tables of the given families, registered for the fake device.
template <class... Families>
void register_fake_tables() {
  (register_kernels<Families>(DeviceKind::CUDA, Families::cpu()), ...);
}

// While alive, `Family` has no table on the fake device (the one before comes back after).
template <class Family>
class WithoutTable {
 public:
  WithoutTable() : saved_(kernel_slot<Family>(DeviceKind::CUDA)) { kernel_slot<Family>(DeviceKind::CUDA) = nullptr; }
  ~WithoutTable() { kernel_slot<Family>(DeviceKind::CUDA) = saved_; }
  WithoutTable(const WithoutTable&) = delete;
  WithoutTable& operator=(const WithoutTable&) = delete;

 private:
  const Family* saved_;
};

// The fake backend with the CPU table of every family. Idempotent.
inline void use_fake_gpu() {
  register_fake_memory();
  register_fake_tables<MatmulKernels, ElementwiseKernels, ReduceKernels, ShapeKernels, ActivationKernels,
                       DenseKernels, Conv2dKernels, MaxPoolKernels, DropoutKernels, LossKernels,
                       OptimizerKernels>();
}

}  // namespace tunet::testing
