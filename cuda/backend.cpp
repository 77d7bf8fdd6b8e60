// The CUDA DeviceBackend (memory, copies, fill on each GPU) and the
// registration of the backend and its kernel tables with core, at load time.
#include <cuda_runtime.h>

#include "core/backend.hpp"
#include "cuda/allocator.hpp"
#include "cuda/cuda.hpp"
#include "cuda/runtime.cuh"
#include "cuda/tables.hpp"

namespace tunet::cuda {
namespace {

cudaMemcpyKind memcpy_kind(CopyKind kind) {
  switch (kind) {
    case CopyKind::HostToDevice: return cudaMemcpyHostToDevice;
    case CopyKind::DeviceToHost: return cudaMemcpyDeviceToHost;
    case CopyKind::DeviceToDevice: break;
  }
  return cudaMemcpyDeviceToDevice;
}

// Queued on the device's stream behind the kernels that produce the source. A
// host-to-device copy returns once the host buffer has been read (the runtime
// stages pageable memory); a device-to-host copy waits until the values are there.
void copy(void* dst, const void* src, size_t bytes, CopyKind kind, int index) {
  if (bytes == 0) return;
  select_device(index);
  cudaStream_t stream = device_stream(index);
  check_cuda(cudaMemcpyAsync(dst, src, bytes, memcpy_kind(kind), stream),
             "cudaMemcpyAsync(" + std::to_string(bytes) + " bytes)");
  if (kind == CopyKind::DeviceToHost) check_cuda(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
}

void fill_device(float* dst, int64_t count, float value, int index) {
  if (count <= 0) return;
  select_device(index);
  fill(dst, count, value);
}

void synchronize(int index) {
  select_device(index);
  check_cuda(cudaStreamSynchronize(device_stream(index)), "cudaStreamSynchronize");
}

const DeviceBackend kCudaBackend = {
    .name = "cuda",
    .available = available,
    .device_count = device_count,
    .allocate = device_allocate,
    .deallocate = device_deallocate,
    .copy = copy,
    .fill = fill_device,
    .synchronize = synchronize,
    .select = select_device,
    .describe = device_summary,
};

// No CUDA call here: registering works without a GPU, and then
// device_available(Device::cuda(), &why) gives the runtime's reason.
bool register_cuda_backend() {
  register_backend(DeviceKind::CUDA, &kCudaBackend);
  register_kernels<MatmulKernels>(DeviceKind::CUDA, matmul_kernels());
  register_kernels<ElementwiseKernels>(DeviceKind::CUDA, elementwise_kernels());
  register_kernels<ReduceKernels>(DeviceKind::CUDA, reduce_kernels());
  register_kernels<ShapeKernels>(DeviceKind::CUDA, shape_kernels());
  register_kernels<ActivationKernels>(DeviceKind::CUDA, activation_kernels());
  register_kernels<DenseKernels>(DeviceKind::CUDA, dense_kernels());
  register_kernels<Conv2dKernels>(DeviceKind::CUDA, conv2d_kernels());
  register_kernels<MaxPoolKernels>(DeviceKind::CUDA, max_pool_kernels());
  register_kernels<DropoutKernels>(DeviceKind::CUDA, dropout_kernels());
  register_kernels<LossKernels>(DeviceKind::CUDA, loss_kernels());
  register_kernels<OptimizerKernels>(DeviceKind::CUDA, optimizer_kernels());
  return true;
}

}  // namespace
}  // namespace tunet::cuda

// Initialised when the program (or shared library) loads. cuda/CMakeLists.txt
// makes every target that links tunet_cuda ask the linker for this symbol, so
// this file is linked from the static library too, though nothing calls it.
extern "C" const bool tunet_cuda_backend_registered = tunet::cuda::register_cuda_backend();
