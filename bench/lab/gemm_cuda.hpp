#pragma once
// The GEMM ladder's GPU rungs (builds with CUDA only; bench/lab/gemm_cuda.cu).
// Plain C++: the runner includes it without CUDA headers.
//
//   cuda_naive             NaiveGemmBody, one thread per element of C
//   cuda_tiled             TiledGemm: 16 x 16 tiles of A and B in shared memory
//   cuda_register_blocked  RegisterBlockedGemm: 64 x 64 tiles, 4 x 4 of C per thread
//   cublas                 cublasSgemm (the reference to beat; TF32 off)
//
// The bodies are in gemm_cuda_bodies.hpp, tested on the host in every build.
//
//   GpuCeilings gpu = probe_gpu(true);
//   if (gpu.unavailable.empty()) {
//     GpuGemm gemm(a, b, m, n, k);
//     GpuTiming t = gemm.time("cuda_tiled", 3, 1.0, c);   // c: m x n on the host
//   }
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench/lab/ceilings.hpp"

namespace tunet::lab {

// Device 0's name, or why no GPU is usable (cudaGetDeviceCount's error
// string, e.g. "CUDA driver version is insufficient for CUDA runtime
// version"); its FMA peak and copy bandwidth when `measure` and it is usable.
// Never throws: a failure is the `unavailable` reason.
GpuCeilings probe_gpu(bool measure);

struct GpuGemmRung {
  std::string name;
  std::string adds;  // one line: what this rung adds to the one before
};

// The GPU rungs in ladder order, cuBLAS last.
const std::vector<GpuGemmRung>& gpu_gemm_ladder();

struct GpuTiming {
  double best_s = 0.0;  // the fastest run, by CUDA events around the kernel
  int runs = 0;
};

// A (m x k) and B (k x n) copied to the device once, C there too.
class GpuGemm {
 public:
  // Throws Error (with the CUDA call and its error string) when the device
  // memory cannot be had.
  GpuGemm(const float* a, const float* b, int64_t m, int64_t n, int64_t k);
  ~GpuGemm();
  GpuGemm(const GpuGemm&) = delete;
  GpuGemm& operator=(const GpuGemm&) = delete;

  // Runs the rung once (warm-up), then up to `repetitions` times, each timed
  // with CUDA events, stopping once `cap_s` seconds have gone by; copies C
  // (m x n) into `c`. Throws Error for an unknown rung or a failing CUDA or
  // cuBLAS call.
  GpuTiming time(const std::string& rung, int repetitions, double cap_s, float* c);

 private:
  struct State;  // the device buffers, the cuBLAS handle, the events
  std::unique_ptr<State> state_;
};

}  // namespace tunet::lab
