#pragma once
// This machine's ceilings, measured: the FMA throughput (the compute roof) and
// a STREAM-style copy and triad (the memory roof), and the roofline that
// places a kernel between them (Williams, Waterman, Patterson, "Roofline: an
// insightful visual performance model", CACM 2009):
//
//   attainable GFLOP/s (I) = min(peak GFLOP/s, I * bandwidth GB/s)
//   I = arithmetic intensity = flops / bytes moved to and from memory
#include <cstdint>
#include <string>

namespace tunet::lab {

// "avx512" (16 floats per vector), "avx2" (8) or "portable": the vector width
// the build uses, chosen at compile time.
const char* vector_isa();
int vector_floats();

// Single-precision GFLOP/s of independent FMA chains on `threads` threads
// (each FMA = 2 flops), the best of `repetitions` runs of ~`seconds` each:
// many short runs, so that on a shared machine some run meets no other job.
double measure_fma_peak(int threads, int repetitions = 40, double seconds = 0.004);

struct Bandwidth {
  double copy_gbs = 0.0;   // b[i] = a[i]: 8 bytes per element (STREAM counts read + write)
  double triad_gbs = 0.0;  // a[i] = b[i] + s * c[i]: 12 bytes per element
};

// STREAM's copy and triad on three arrays of `floats` elements each (default
// 32 Mi floats = 128 MiB each, far beyond the caches), on `threads` threads.
Bandwidth measure_bandwidth(int threads, int64_t floats = int64_t(1) << 25, int repetitions = 5);

struct Ceilings {
  std::string isa;
  int threads = 1;                 // the thread count of the "all cores" figures
  double peak_gflops_1 = 0.0;      // one core
  double peak_gflops_all = 0.0;    // `threads` cores
  Bandwidth bandwidth_1;           // one thread
  Bandwidth bandwidth_all;         // `threads` threads
};

Ceilings measure_ceilings(int threads);

// The GPU's ceilings, for the GEMM ladder's CUDA rungs (builds with CUDA:
// bench/lab/gemm_cuda.hpp): the compute roof from independent FMA chains on
// every multiprocessor, the memory roof from a device-to-device copy.
struct GpuCeilings {
  std::string name;         // "NVIDIA H200 (sm_90)"; "" when no GPU is used
  std::string unavailable;  // why no GPU is used ("" when one is, and in builds without CUDA)
  double fma_gflops = 0.0;  // 0 when not measured
  double copy_gbs = 0.0;    // bytes read + written per second, as STREAM's copy counts them
};

// The roofline: min(peak, intensity * bandwidth).
double attainable_gflops(double intensity, double peak_gflops, double bandwidth_gbs);

}  // namespace tunet::lab
