// The GEMM ladder's GPU rungs (gemm_cuda.hpp): the kernels that run the bodies
// of gemm_cuda_bodies.hpp, cuBLAS as the reference, the GPU's ceilings, and
// the timing by CUDA events.
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>

#include "bench/lab/gemm_cuda.hpp"
#include "bench/lab/gemm_cuda_bodies.hpp"
#include "core/error.hpp"

namespace tunet::lab {
namespace {

void check(cudaError_t status, const char* call) {
  if (status != cudaSuccess) throw Error(std::string("kernel lab: ") + call + " failed: " + cudaGetErrorString(status));
}
void check(cublasStatus_t status, const char* call) {
  if (status != CUBLAS_STATUS_SUCCESS) {
    throw Error(std::string("kernel lab: ") + call + " failed: " + cublasGetStatusString(status));
  }
}

constexpr int kElementThreads = 256;

// body(i) for every i < count: each thread takes its global index, then steps by the grid.
template <class Body>
__global__ void __launch_bounds__(kElementThreads) each_element(int64_t count, Body body) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += step) body(i);
}

// One block per tile of C (blockIdx.y its row, blockIdx.x its column), the
// program's phases separated by barriers (gemm_cuda_bodies.hpp).
template <class Program>
__global__ void __launch_bounds__(Program::kThreads) tile_program(Program program) {
  __shared__ typename Program::Shared shared;
  typename Program::Registers registers{};
  const TileThread t{blockIdx.y, blockIdx.x, static_cast<int>(threadIdx.x)};
  for (int64_t step = 0; step < program.steps(); ++step) {
    program.load(shared, t, step);
    __syncthreads();
    program.multiply(shared, t, registers);
    __syncthreads();
  }
  program.store(t, registers);
}

template <class Body>
void launch_elements(int64_t count, const Body& body) {
  const int64_t blocks = std::min<int64_t>((count + kElementThreads - 1) / kElementThreads, int64_t(1) << 20);
  each_element<<<static_cast<unsigned>(blocks), kElementThreads>>>(count, body);
  check(cudaGetLastError(), "the naive kernel's launch");
}

template <class Program>
void launch_tiles(const Program& program, const char* name) {
  const int64_t rows = tile_rows(program), cols = tile_cols(program);
  if (rows > 65535 || cols > INT_MAX) {
    throw Error(std::string("kernel lab: ") + name + ": " + std::to_string(rows) + " x " + std::to_string(cols) +
                " tiles exceed CUDA's grid (65535 rows of blocks)");
  }
  tile_program<<<dim3(static_cast<unsigned>(cols), static_cast<unsigned>(rows)), Program::kThreads>>>(program);
  check(cudaGetLastError(), name);
}

// x = x * m + d, kChains independent chains per thread: FMA_GFLOP/s = 2 kChains
// iterations threads / time. 8 chains per thread and a full multiprocessor of
// threads keep every FP32 lane busy despite the FMA latency.
constexpr int kChains = 8;
__global__ void fma_chains(float* sink, int iterations, float m, float d) {
  float x[kChains];
  for (int c = 0; c < kChains; ++c) x[c] = threadIdx.x * 1e-3f + c;
#pragma unroll 4
  for (int it = 0; it < iterations; ++it) {
    for (int c = 0; c < kChains; ++c) x[c] = fmaf(x[c], m, d);
  }
  float sum = 0.0f;
  for (int c = 0; c < kChains; ++c) sum += x[c];
  if (sum == -1.0f) *sink = sum;  // never true: keeps the chains from being optimised away
}

class Events {
 public:
  Events() {
    check(cudaEventCreate(&start_), "cudaEventCreate");
    check(cudaEventCreate(&stop_), "cudaEventCreate");
  }
  ~Events() {
    cudaEventDestroy(start_);
    cudaEventDestroy(stop_);
  }
  Events(const Events&) = delete;
  Events& operator=(const Events&) = delete;

  // Seconds that `run` takes on the device, between two events.
  template <class Run>
  double seconds(Run&& run) {
    check(cudaEventRecord(start_), "cudaEventRecord");
    run();
    check(cudaEventRecord(stop_), "cudaEventRecord");
    check(cudaEventSynchronize(stop_), "cudaEventSynchronize");
    float ms = 0.0f;
    check(cudaEventElapsedTime(&ms, start_, stop_), "cudaEventElapsedTime");
    return 1e-3 * ms;
  }

 private:
  cudaEvent_t start_ = nullptr, stop_ = nullptr;
};

// Device memory of `floats` floats, freed with its owner.
struct DeviceBuffer {
  explicit DeviceBuffer(int64_t floats) {
    check(cudaMalloc(&data, sizeof(float) * std::max<int64_t>(floats, 1)), "cudaMalloc");
  }
  ~DeviceBuffer() { cudaFree(data); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  float* data = nullptr;
};

// The best of `runs` event-timed runs.
template <class Run>
double best_seconds(Events& events, int runs, Run&& run) {
  double best = 0.0;
  for (int r = 0; r < runs; ++r) {
    const double s = events.seconds(run);
    best = r == 0 ? s : std::min(best, s);
  }
  return best;
}

void measure(GpuCeilings& gpu) {
  int sms = 0;
  check(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0), "cudaDeviceGetAttribute");
  Events events;
  // 8 blocks of 256 threads per multiprocessor (2048: a full one on sm_80 and sm_90).
  const int blocks = 8 * sms, threads = 256, iterations = 8192;
  DeviceBuffer sink(1);
  const auto fma = [&] { fma_chains<<<blocks, threads>>>(sink.data, iterations, 0.999f, 1e-3f); };
  fma();
  check(cudaGetLastError(), "the FMA kernel's launch");
  const double fma_s = best_seconds(events, 10, fma);
  gpu.fma_gflops = 2.0 * kChains * double(iterations) * blocks * threads / fma_s * 1e-9;
  // A 256 MiB copy, far beyond the L2 cache; STREAM counts 8 bytes per float (read + write).
  const int64_t floats = int64_t(1) << 26;
  DeviceBuffer from(floats), to(floats);
  const auto copy = [&] {
    check(cudaMemcpy(to.data, from.data, sizeof(float) * floats, cudaMemcpyDeviceToDevice), "cudaMemcpy");
  };
  copy();
  gpu.copy_gbs = 8.0 * double(floats) / best_seconds(events, 5, copy) * 1e-9;
}

}  // namespace

GpuCeilings probe_gpu(bool measure_ceilings) {
  GpuCeilings gpu;
  int count = 0;
  if (const cudaError_t status = cudaGetDeviceCount(&count); status != cudaSuccess) {
    gpu.unavailable = std::string("no usable CUDA device: ") + cudaGetErrorString(status);
    return gpu;
  }
  if (count == 0) {
    gpu.unavailable = "no CUDA device";
    return gpu;
  }
  try {
    check(cudaSetDevice(0), "cudaSetDevice");
    cudaDeviceProp props{};
    check(cudaGetDeviceProperties(&props, 0), "cudaGetDeviceProperties");
    gpu.name = std::string(props.name) + " (sm_" + std::to_string(props.major) + std::to_string(props.minor) + ")";
    if (measure_ceilings) measure(gpu);
  } catch (const Error& e) {
    gpu = GpuCeilings{};
    gpu.unavailable = e.what();
  }
  return gpu;
}

const std::vector<GpuGemmRung>& gpu_gemm_ladder() {
  static const std::vector<GpuGemmRung> rungs{
      {"cuda_naive", "one thread per element of C, operands from global memory"},
      {"cuda_tiled", "16 x 16 tiles of A and B in shared memory: 16x fewer global reads"},
      {"cuda_register_blocked", "64 x 64 tiles, 4 x 4 of C per thread in registers: 4x fewer shared-memory reads"},
      {"cublas", "cublasSgemm (TF32 off): the reference to beat"}};
  return rungs;
}

struct GpuGemm::State {
  int64_t m, n, k;
  DeviceBuffer a, b, c;
  cublasHandle_t cublas = nullptr;
  Events events;
  State(int64_t m_, int64_t n_, int64_t k_) : m(m_), n(n_), k(k_), a(m_ * k_), b(k_ * n_), c(m_ * n_) {}
  ~State() {
    if (cublas) cublasDestroy(cublas);
  }

  void run(const std::string& rung) {
    if (rung == "cuda_naive") {
      launch_elements(m * n, NaiveGemmBody{a.data, b.data, c.data, m, n, k});
    } else if (rung == "cuda_tiled") {
      launch_tiles(TiledGemm{a.data, b.data, c.data, m, n, k}, "the tiled kernel's launch");
    } else if (rung == "cuda_register_blocked") {
      launch_tiles(RegisterBlockedGemm{a.data, b.data, c.data, m, n, k}, "the register-blocked kernel's launch");
    } else if (rung == "cublas") {
      run_cublas();
    } else {
      throw Error("kernel lab: unknown GPU GEMM rung '" + rung + "'");
    }
  }

  // Row-major C = A B is column-major C^T = B^T A^T: cuBLAS gets B as the
  // left operand (n x k, ld n) and A as the right one (k x m, ld k).
  void run_cublas() {
    if (std::max({m, n, k}) > INT_MAX) throw Error("kernel lab: cublasSgemm takes int sizes");
    if (!cublas) {
      check(cublasCreate(&cublas), "cublasCreate");
      check(cublasSetMathMode(cublas, CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
    }
    const float one = 1.0f, zero = 0.0f;
    const int mi = int(m), ni = int(n), ki = int(k);
    check(cublasSgemm(cublas, CUBLAS_OP_N, CUBLAS_OP_N, ni, mi, ki, &one, b.data, ni, a.data, ki, &zero, c.data, ni),
          "cublasSgemm");
  }
};

GpuGemm::GpuGemm(const float* a, const float* b, int64_t m, int64_t n, int64_t k)
    : state_(std::make_unique<State>(m, n, k)) {
  check(cudaMemcpy(state_->a.data, a, sizeof(float) * m * k, cudaMemcpyHostToDevice), "cudaMemcpy (A to the device)");
  check(cudaMemcpy(state_->b.data, b, sizeof(float) * k * n, cudaMemcpyHostToDevice), "cudaMemcpy (B to the device)");
}

GpuGemm::~GpuGemm() = default;

GpuTiming GpuGemm::time(const std::string& rung, int repetitions, double cap_s, float* c) {
  using Clock = std::chrono::steady_clock;
  State& d = *state_;
  // C all NaN first: an element that a rung never writes shows in the error check.
  check(cudaMemset(d.c.data, 0xff, sizeof(float) * d.m * d.n), "cudaMemset");
  const auto start = Clock::now();
  d.run(rung);  // warm-up: module load, cuBLAS's handle and heuristics
  check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  GpuTiming t;
  for (int r = 0; r < repetitions; ++r) {
    if (r > 0 && std::chrono::duration<double>(Clock::now() - start).count() >= cap_s) break;
    const double s = d.events.seconds([&] { d.run(rung); });
    t.best_s = t.runs == 0 ? s : std::min(t.best_s, s);
    ++t.runs;
  }
  check(cudaMemcpy(c, d.c.data, sizeof(float) * d.m * d.n, cudaMemcpyDeviceToHost), "cudaMemcpy (C to the host)");
  return t;
}

}  // namespace tunet::lab
