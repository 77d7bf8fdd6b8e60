#pragma once
// What every source of the CUDA backend needs: checked CUDA / cuBLAS calls,
// the stream and cuBLAS handle of the device in use, and the device address of
// a tensor. Internal to cuda/ (it includes the CUDA headers; not installed).
//
//   check_cuda(cudaMemsetAsync(p, 0, bytes, current_stream()), "cudaMemsetAsync");
//   launch(n, ScaleBody{device_ptr(x), device_ptr(y), a});   // cuda/launch.cuh
//
// Every kernel, copy and cuBLAS call of the backend runs on the one stream of
// its device, so they run in the order they were issued; the host waits only
// where it reads (device-to-host copies, synchronize()).
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/op_kernels.hpp"
#include "core/tensor.hpp"

namespace tunet::cuda {

// Throw tunet::Error "<call> failed: <runtime's message> (<name>, error <n>)"
// unless the call succeeded.
void check_cuda(cudaError_t status, const char* call);
void check_cuda(cudaError_t status, const std::string& call);
void check_cublas(cublasStatus_t status, const char* call);
// After a kernel launch: Error naming `kernel` and `count` if it did not start.
void check_launch(const char* kernel, int64_t count);

// The device index that kernels of this thread run on (the last select(), or 0).
int current_device();
// Makes `index` the current device of this thread (cudaSetDevice when it
// changes); Error with the runtime's reason when it cannot be used.
void select_device(int index);
// The stream of the current device / of device `index`, created on first use.
cudaStream_t current_stream();
cudaStream_t device_stream(int index);
// The cuBLAS handle of the current device, bound to its stream (created on first use).
cublasHandle_t cublas_handle();
// CUBLAS_COMPUTE_32F, or CUBLAS_COMPUTE_32F_FAST_TF32 after set_tf32(true).
cublasComputeType_t gemm_compute_type();
// Blocks of `threads` for a grid-stride kernel over `count` elements: one
// thread per element, capped at 16 blocks per multiprocessor of the current
// device (beyond that each thread loops).
int launch_blocks(int64_t count, int threads);

// Row-major C = op(A) op(B) (+ C) on the current device's stream: the matmul
// table's gemm, for the other tables (dense, conv2d) to call directly.
void gemm(const GemmArgs& args);

// dst[0 .. count) = value on the current device's stream (cuda/tensor_ops.cu).
void fill(float* dst, int64_t count, float value);

// t.data_ptr(), checked to be a tensor on a CUDA device.
float* device_ptr(const Tensor& t);

// Scratch memory for `floats` floats on the current device, from the cache;
// kernels queued before the tensor dies may still use it (the stream orders
// its next user after them).
Tensor scratch(int64_t floats);

}  // namespace tunet::cuda
