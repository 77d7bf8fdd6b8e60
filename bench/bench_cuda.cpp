// GPU benchmarks of the CUDA backend, printed as one table (scripts/gpu_check.sh
// runs it):
//   SGEMM 4096^3 through tunet's matmul op against a direct cublasSgemm call
//     (TF32 off on both sides), TFLOP/s and the ratio;
//   an elementwise add of two 64M-float tensors against a device-to-device
//     copy, in bytes moved per second (add: read 2, write 1; copy: read 1,
//     write 1) and the ratio;
//   training samples/s of the bench_train MLP and CNN on the GPU (synthetic
//     Fashion-MNIST-shaped data: the speed does not depend on the values).
//
//   bench_cuda [gemm_size=4096] [train_samples=20000]
//
// Exits with 77 and the reason where no CUDA device is usable.
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "bench_args.hpp"
#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/build_info.hpp"
#include "core/error.hpp"
#include "core/ops.hpp"
#include "core/random.hpp"
#include "cuda/cuda.hpp"
#include "bench/bench_models.hpp"
#include "nn/nn.hpp"

using namespace tunet;
using Clock = std::chrono::steady_clock;

namespace {

const Device kGpu = Device::cuda();

void check(cudaError_t status, const char* call) {
  if (status != cudaSuccess) throw Error(std::string(call) + " failed: " + cudaGetErrorString(status));
}
void check(cublasStatus_t status, const char* call) {
  if (status != CUBLAS_STATUS_SUCCESS) throw Error(std::string(call) + " failed: " + cublasGetStatusString(status));
}

// Seconds per call of `f`: `warmup` calls, then the mean of `repeats`, the
// device drained before and after (every stream: tunet's and the default one).
double seconds_per_call(const std::function<void()>& f, int warmup, int repeats) {
  for (int i = 0; i < warmup; ++i) f();
  check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  const auto start = Clock::now();
  for (int i = 0; i < repeats; ++i) f();
  check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  return std::chrono::duration<double>(Clock::now() - start).count() / repeats;
}

Tensor gpu_uniform(Shape shape, uint64_t seed) {
  Tensor t = Tensor::empty(std::move(shape));
  Rng(seed).fill_uniform(t, -1, 1);
  return t.to(kGpu);
}

// ratio: ours / the reference's speed (none when 0)
void row(const char* name, const std::string& ours, const std::string& reference, double ratio) {
  char percent[16] = "";
  if (ratio > 0) std::snprintf(percent, sizeof percent, "%.1f%%", 100 * ratio);
  std::printf("%-34s %18s %18s %8s\n", name, ours.c_str(), reference.c_str(), percent);
}

std::string format(double value, const char* unit) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1f %s", value, unit);
  return text;
}

// C = A B, n x n: tunet's matmul against cublasSgemm on the same buffers.
void gemm(int64_t n) {
  NoGradGuard no_grad;
  const Tensor a = gpu_uniform({n, n}, 1), b = gpu_uniform({n, n}, 2);
  const double tunet_s = seconds_per_call([&] { matmul(a, b); }, 3, 20);

  cublasHandle_t handle = nullptr;
  check(cublasCreate(&handle), "cublasCreate");
  Tensor c = Tensor::empty({n, n}, kGpu);
  const float one = 1, zero = 0;
  const int size = static_cast<int>(n);
  // row-major C = A B is column-major C^T = B^T A^T
  const double cublas_s = seconds_per_call(
      [&] {
        check(cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, size, size, size, &one, b.data_ptr(), size,
                          a.data_ptr(), size, &zero, c.data_ptr(), size),
              "cublasSgemm");
      },
      3, 20);
  cublasDestroy(handle);
  const double flops = 2.0 * double(n) * n * n;
  const std::string name = "SGEMM " + std::to_string(n) + "^3 (TF32 off)";
  row(name.c_str(), format(flops / tunet_s / 1e12, "TFLOP/s"), format(flops / cublas_s / 1e12, "TFLOP/s"),
      cublas_s / tunet_s);
}

// out = a + b against cudaMemcpy device to device, as bytes moved per second.
void add_vs_copy(int64_t n) {
  NoGradGuard no_grad;
  const Tensor a = gpu_uniform({n}, 3), b = gpu_uniform({n}, 4);
  const double add_s = seconds_per_call([&] { add(a, b); }, 3, 20);
  Tensor c = Tensor::empty({n}, kGpu);
  const size_t bytes = sizeof(float) * size_t(n);
  const double copy_s = seconds_per_call(
      [&] { check(cudaMemcpy(c.data_ptr(), a.data_ptr(), bytes, cudaMemcpyDeviceToDevice), "cudaMemcpy"); }, 3, 20);
  const double add_rate = 3.0 * bytes / add_s / 1e9, copy_rate = 2.0 * bytes / copy_s / 1e9;
  row("add 64M floats vs D2D copy", format(add_rate, "GB/s"), format(copy_rate, "GB/s"), add_rate / copy_rate);
}

// One epoch to warm up (cuBLAS, the memory cache), then one timed epoch.
void training(const char* name, nn::Sequential model, const Shape& sample, int64_t samples) {
  Shape x_shape{samples};
  x_shape.insert(x_shape.end(), sample.begin(), sample.end());
  Tensor x = Tensor::empty(x_shape), y = Tensor::empty({samples});
  Rng rng(5);
  rng.fill_uniform(x, 0, 1);
  for (float& label : y.values()) label = float(rng.below(10));
  model.to(kGpu);
  model.fit(x, y, {.epochs = 1, .batch_size = 128, .verbose = 0});
  check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  const auto start = Clock::now();
  model.fit(x, y, {.epochs = 2, .batch_size = 128, .initial_epoch = 1, .verbose = 0});
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  row(name, format(double(samples) / seconds, "samples/s"), "", 0);
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "bench_cuda [gemm_size=4096] [train_samples=20000]", {}, 2);
  const int64_t gemm_size = argc > 1 ? std::atoll(argv[1]) : 4096;
  const int64_t train_samples = argc > 2 ? std::atoll(argv[2]) : 20000;
  std::printf("%s\n", build_info_str().c_str());
  std::string why;
  if (!cuda::available(&why)) {
    std::printf("bench_cuda: skipped: %s\n", why.c_str());
    return 77;
  }
  try {
    std::printf("%-34s %18s %18s %8s\n", "benchmark", "tunet", "reference", "ratio");
    gemm(gemm_size);
    add_vs_copy(int64_t(64) << 20);
    training("MLP training, batch 128", bench::fashion_mlp(), {784}, train_samples);
    training("CNN training, batch 128", bench::fashion_cnn(), {1, 28, 28}, train_samples);
    const cuda::MemoryStats m = cuda::memory_stats();
    std::printf("device memory: peak %.1f MiB in use, %lld cudaMalloc calls in all\n",
                double(m.peak_in_use) / (1 << 20), static_cast<long long>(m.device_allocations));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_cuda: %s\n", e.what());
    return 1;
  }
  return 0;
}
