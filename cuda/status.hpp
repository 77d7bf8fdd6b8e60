#pragma once
// Error checks for CUDA and cuBLAS calls: throw tunet::Error naming the call.
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <string>

#include "core/error.hpp"
#include "core/tensor.hpp"

namespace tunet::cuda {

inline void check_cuda(cudaError_t status, const char* call) {
  if (status != cudaSuccess)
    throw Error(std::string(call) + " failed: " + cudaGetErrorString(status));
}

inline void check_cublas(cublasStatus_t status, const char* call) {
  if (status != CUBLAS_STATUS_SUCCESS)
    throw Error(std::string(call) + " failed with cuBLAS status " + std::to_string(static_cast<int>(status)));
}

// The device pointer of a GPU tensor (Tensor::data() is for CPU tensors only).
inline float* device_data(const Tensor& t) {
  check(t.device() == Device::CUDA, "cuda: tensor " + shape_str(t.shape()) + " is not on the GPU");
  return t.storage()->data() + t.offset();
}

}  // namespace tunet::cuda
