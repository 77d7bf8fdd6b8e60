#include "bench/lab/ceilings.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif
#if defined(_OPENMP)
#include <omp.h>
#endif

namespace tunet::lab {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// kChains independent accumulators, each x = x * m + d per step: 16 chains
// cover 2 FMA pipes x 4 cycles of latency twice over. Returns flops done.
constexpr int kChains = 16;

#if defined(__AVX512F__)
double fma_loop(int64_t steps) {
  __m512 x[kChains];
  for (int i = 0; i < kChains; ++i) x[i] = _mm512_set1_ps(1.0f + i * 1e-3f);
  const __m512 m = _mm512_set1_ps(0.999999f), d = _mm512_set1_ps(1e-6f);
  for (int64_t s = 0; s < steps; ++s) {
#pragma GCC unroll 16
    for (int i = 0; i < kChains; ++i) x[i] = _mm512_fmadd_ps(x[i], m, d);
  }
  __m512 sum = x[0];
  for (int i = 1; i < kChains; ++i) sum = _mm512_add_ps(sum, x[i]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, sum);
  volatile float sink = lanes[0];
  (void)sink;
  return 2.0 * 16 * kChains * static_cast<double>(steps);
}
#elif defined(__AVX2__) && defined(__FMA__)
double fma_loop(int64_t steps) {
  __m256 x[kChains];
  for (int i = 0; i < kChains; ++i) x[i] = _mm256_set1_ps(1.0f + i * 1e-3f);
  const __m256 m = _mm256_set1_ps(0.999999f), d = _mm256_set1_ps(1e-6f);
  for (int64_t s = 0; s < steps; ++s) {
#pragma GCC unroll 16
    for (int i = 0; i < kChains; ++i) x[i] = _mm256_fmadd_ps(x[i], m, d);
  }
  __m256 sum = x[0];
  for (int i = 1; i < kChains; ++i) sum = _mm256_add_ps(sum, x[i]);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, sum);
  volatile float sink = lanes[0];
  (void)sink;
  return 2.0 * 8 * kChains * static_cast<double>(steps);
}
#else
// The portable fallback: 16 chains of 4 floats; the compiler vectorises (and
// fuses, with -ffp-contract=fast) what its target allows.
double fma_loop(int64_t steps) {
  float x[kChains][4];
  for (int i = 0; i < kChains; ++i)
    for (int l = 0; l < 4; ++l) x[i][l] = 1.0f + i * 1e-3f;
  for (int64_t s = 0; s < steps; ++s) {
    for (int i = 0; i < kChains; ++i)
      for (int l = 0; l < 4; ++l) x[i][l] = x[i][l] * 0.999999f + 1e-6f;
  }
  float sum = 0.0f;
  for (int i = 0; i < kChains; ++i)
    for (int l = 0; l < 4; ++l) sum += x[i][l];
  volatile float sink = sum;
  (void)sink;
  return 2.0 * 4 * kChains * static_cast<double>(steps);
}
#endif

}  // namespace

const char* vector_isa() {
#if defined(__AVX512F__)
  return "avx512";
#elif defined(__AVX2__) && defined(__FMA__)
  return "avx2";
#else
  return "portable";
#endif
}

int vector_floats() {
#if defined(__AVX512F__)
  return 16;
#elif defined(__AVX2__) && defined(__FMA__)
  return 8;
#else
  return 4;
#endif
}

double measure_fma_peak(int threads, int repetitions, double seconds) {
  // Steps per run from a short calibration (~1 ms) on this thread.
  auto t0 = Clock::now();
  int64_t calib = 1 << 14;
  while (since(t0) < 1e-3) {
    fma_loop(calib);
    calib *= 2;
  }
  const int64_t steps = std::max<int64_t>(1, static_cast<int64_t>(calib * seconds / since(t0)));
  double best = 0.0;
  for (int r = 0; r < repetitions; ++r) {
    double flops = 0.0;
    const auto start = Clock::now();
#pragma omp parallel num_threads(threads) reduction(+ : flops)
    flops += fma_loop(steps);
    best = std::max(best, flops / since(start) * 1e-9);
  }
  return best;
}

Bandwidth measure_bandwidth(int threads, int64_t floats, int repetitions) {
  std::unique_ptr<float[]> a(new float[floats]), b(new float[floats]), c(new float[floats]);
  // First touch by the threads that will use each part.
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int64_t i = 0; i < floats; ++i) a[i] = 1.0f, b[i] = 2.0f, c[i] = 0.5f;
  float* pa = a.get();
  float* pb = b.get();
  const float* pc = c.get();
  Bandwidth best;
  for (int r = 0; r < repetitions; ++r) {
    auto t0 = Clock::now();
#pragma omp parallel for schedule(static) num_threads(threads)
    for (int64_t i = 0; i < floats; ++i) pb[i] = pa[i];
    best.copy_gbs = std::max(best.copy_gbs, 8.0 * floats / since(t0) * 1e-9);
    t0 = Clock::now();
#pragma omp parallel for schedule(static) num_threads(threads)
    for (int64_t i = 0; i < floats; ++i) pa[i] = pb[i] + 3.0f * pc[i];
    best.triad_gbs = std::max(best.triad_gbs, 12.0 * floats / since(t0) * 1e-9);
  }
  return best;
}

Ceilings measure_ceilings(int threads) {
  Ceilings c;
  c.isa = vector_isa();
  c.threads = threads;
  c.peak_gflops_1 = measure_fma_peak(1);
  c.peak_gflops_all = threads == 1 ? c.peak_gflops_1 : measure_fma_peak(threads);
  c.bandwidth_1 = measure_bandwidth(1);
  c.bandwidth_all = threads == 1 ? c.bandwidth_1 : measure_bandwidth(threads);
  return c;
}

double attainable_gflops(double intensity, double peak_gflops, double bandwidth_gbs) {
  return std::min(peak_gflops, intensity * bandwidth_gbs);
}

}  // namespace tunet::lab
