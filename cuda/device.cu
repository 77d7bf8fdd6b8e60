// Device discovery, the device allocator registered with core, and transfers.
#include <cuda_runtime.h>

#include "core/error.hpp"
#include "cuda/cuda.hpp"
#include "cuda/status.hpp"

namespace tunet::cuda {

namespace {

struct CudaAllocator final : DeviceAllocator {
  void* allocate(size_t bytes) override {
    void* ptr = nullptr;
    check_cuda(cudaMalloc(&ptr, bytes), "cudaMalloc");
    return ptr;
  }
  void deallocate(void* ptr) override { cudaFree(ptr); }
};

}  // namespace

bool available(std::string* why) {
  static CudaAllocator allocator;
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess || count == 0) {
    if (why)
      *why = status != cudaSuccess ? std::string("no usable CUDA device: ") + cudaGetErrorString(status) +
                                         " (error " + std::to_string(static_cast<int>(status)) + ")"
                                   : std::string("no CUDA device found");
    return false;
  }
  register_allocator(Device::CUDA, &allocator);
  return true;
}

std::string device_summary() {
  cudaDeviceProp prop{};
  check_cuda(cudaGetDeviceProperties(&prop, 0), "cudaGetDeviceProperties");
  return std::string(prop.name) + ", " + std::to_string(prop.multiProcessorCount) + " SMs, " +
         std::to_string(prop.totalGlobalMem / (1024.0 * 1024 * 1024)).substr(0, 5) + " GiB, compute " +
         std::to_string(prop.major) + "." + std::to_string(prop.minor);
}

Tensor to_device(const Tensor& host) {
  check(host.device() == Device::CPU, "cuda::to_device: the tensor is already on the GPU");
  Tensor out = Tensor::empty(host.shape(), Device::CUDA);
  check_cuda(cudaMemcpy(device_data(out), host.data(), sizeof(float) * host.numel(), cudaMemcpyHostToDevice),
             "cudaMemcpy to device");
  return out;
}

Tensor to_host(const Tensor& device) {
  check(device.device() == Device::CUDA, "cuda::to_host: the tensor is not on the GPU");
  Tensor out = Tensor::empty(device.shape());
  check_cuda(cudaMemcpy(out.data(), device_data(device), sizeof(float) * device.numel(), cudaMemcpyDeviceToHost),
             "cudaMemcpy to host");
  return out;
}

}  // namespace tunet::cuda
