// GPU ops. The per-element math comes from core/kernels, the very functions
// the CPU loops call, so the CPU tests cover the formulas.
#include <cublas_v2.h>

#include "core/kernels/arithmetic.hpp"
#include "core/kernels/philox.hpp"
#include "cuda/cuda.hpp"
#include "cuda/status.hpp"

namespace tunet::cuda {

namespace {

constexpr int kThreads = 256;
int blocks_for(int64_t n) { return static_cast<int>((n + kThreads - 1) / kThreads); }

template <class Op>
__global__ void binary_kernel(const float* a, const float* b, float* out, int64_t n) {
  const int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  if (i < n) out[i] = Op::value(a[i], b[i]);
}

__global__ void exp_kernel(const float* a, float* out, int64_t n) {
  const int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  if (i < n) out[i] = kernels::exp_value(a[i]);
}

// Element i: word i % 4 of Philox block (position + i / 4), as Rng::fill_uniform.
__global__ void uniform_kernel(float* out, int64_t n, uint64_t seed, uint64_t stream, uint64_t position, float low,
                               float high) {
  const int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  if (i >= n) return;
  const kernels::Philox4 b = kernels::philox_block(seed, stream, position + i / 4);
  out[i] = low + (high - low) * kernels::uniform_from_bits(b.v[i % 4]);
}

template <class Op>
Tensor binary(const Tensor& a, const Tensor& b, const char* name) {
  check(a.shape() == b.shape(), std::string("cuda::") + name + ": shapes " + shape_str(a.shape()) + " and " +
                                    shape_str(b.shape()) + " differ (the GPU path does not broadcast yet)");
  Tensor out = Tensor::empty(a.shape(), Device::CUDA);
  const int64_t n = a.numel();
  if (n > 0) binary_kernel<Op><<<blocks_for(n), kThreads>>>(device_data(a), device_data(b), device_data(out), n);
  check_cuda(cudaGetLastError(), name);
  return out;
}

cublasHandle_t cublas_handle() {
  static cublasHandle_t handle = [] {
    cublasHandle_t h = nullptr;
    check_cublas(cublasCreate(&h), "cublasCreate");
    return h;
  }();
  return handle;
}

}  // namespace

Tensor matmul(const Tensor& a, const Tensor& b) {
  check(a.rank() == 2 && b.rank() == 2 && a.dim(1) == b.dim(0),
        "cuda::matmul: shapes " + shape_str(a.shape()) + " and " + shape_str(b.shape()) + " do not multiply");
  const int m = static_cast<int>(a.dim(0)), k = static_cast<int>(a.dim(1)), n = static_cast<int>(b.dim(1));
  Tensor out = Tensor::empty({m, n}, Device::CUDA);
  // cuBLAS is column-major: row-major C = A B is column-major C^T = B^T A^T.
  const float one = 1.0f, zero = 0.0f;
  check_cublas(cublasSgemm(cublas_handle(), CUBLAS_OP_N, CUBLAS_OP_N, n, m, k, &one, device_data(b), n,
                           device_data(a), k, &zero, device_data(out), n),
               "cublasSgemm");
  return out;
}

Tensor add(const Tensor& a, const Tensor& b) { return binary<kernels::AddOp>(a, b, "add"); }
Tensor mul(const Tensor& a, const Tensor& b) { return binary<kernels::MulOp>(a, b, "mul"); }

Tensor exp(const Tensor& a) {
  Tensor out = Tensor::empty(a.shape(), Device::CUDA);
  const int64_t n = a.numel();
  if (n > 0) exp_kernel<<<blocks_for(n), kThreads>>>(device_data(a), device_data(out), n);
  check_cuda(cudaGetLastError(), "exp");
  return out;
}

void fill_uniform(Tensor& t, uint64_t seed, uint64_t stream, uint64_t position, float low, float high) {
  const int64_t n = t.numel();
  if (n > 0) uniform_kernel<<<blocks_for(n), kThreads>>>(device_data(t), n, seed, stream, position, low, high);
  check_cuda(cudaGetLastError(), "fill_uniform");
}

}  // namespace tunet::cuda
