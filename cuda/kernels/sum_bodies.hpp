#pragma once
// Sums of many terms per output, split so that the GPU has enough threads:
// out[j] (+)= sum_{k < terms} term(j, k) for j < outputs. When there are few
// outputs and many terms each output's terms are cut into `chunks` runs, one
// thread per (output, run) writes a partial sum, and a second pass adds the
// runs of each output (no atomics: the result does not depend on scheduling).
// Each thread accumulates in double.
//
// `Terms` supplies base(j) (what output j's terms share, computed once per
// thread) and at(base, k). The reduce family (sum over an axis) and the
// broadcast gradients of the elementwise family are such sums.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/kernels/hd.hpp"
#include "cuda/kernels/launch.hpp"

namespace tunet::cuda {

struct ChunkedSum {
  int64_t outputs = 0, terms = 0;
  int64_t chunk = 0;   // terms per run
  int64_t chunks = 1;  // runs per output; 1: the first pass writes the outputs
};

// One run per output when the outputs alone fill the GPU (16384 threads) or
// the terms are few (1024); otherwise runs of at least 256 terms, enough of
// them for about 65536 threads in all.
inline ChunkedSum split_sum(int64_t outputs, int64_t terms) {
  ChunkedSum s{outputs, terms, terms, 1};
  if (outputs >= 16384 || terms <= 1024) return s;
  const int64_t by_threads = (65536 + outputs - 1) / std::max<int64_t>(outputs, 1);
  const int64_t by_length = (terms + 255) / 256;
  const int64_t chunks = std::max<int64_t>(1, std::min(by_threads, by_length));
  s.chunk = (terms + chunks - 1) / chunks;
  s.chunks = (terms + s.chunk - 1) / s.chunk;
  return s;
}

// Thread t = (output j, run c) = (t / chunks, t % chunks). With one run it
// writes out[j] (adding when `accumulate`); otherwise the partial sum at partial[t].
template <class Terms>
struct ChunkedSumBody {
  Terms terms;
  ChunkedSum split;
  float* dst;  // out (chunks == 1) or partial (outputs * chunks)
  bool accumulate;
  TUNET_HD void operator()(int64_t t) const {
    const int64_t j = t / split.chunks, first = (t % split.chunks) * split.chunk;
    const int64_t last = first + split.chunk < split.terms ? first + split.chunk : split.terms;
    const auto base = terms.base(j);
    double sum = 0;
    for (int64_t k = first; k < last; ++k) sum += terms.at(base, k);
    if (split.chunks == 1 && accumulate) sum += dst[j];
    dst[t] = static_cast<float>(sum);
  }
};

// Output j: out[j] (+)= the sum of its runs' partial sums.
struct SumChunksBody {
  const float* partial;
  int64_t chunks;
  float* out;
  bool accumulate;
  TUNET_HD void operator()(int64_t j) const {
    double sum = accumulate ? out[j] : 0.0;
    for (int64_t c = 0; c < chunks; ++c) sum += partial[j * chunks + c];
    out[j] = static_cast<float>(sum);
  }
};

// The host twin of cuda::sum_terms (cuda/launch.cuh): both passes with run_on_host.
template <class Terms>
void sum_terms_on_host(const Terms& terms, const ChunkedSum& split, float* out, bool accumulate) {
  if (split.chunks == 1) {
    run_on_host(split.outputs, ChunkedSumBody<Terms>{terms, split, out, accumulate});
    return;
  }
  std::vector<float> partial(static_cast<size_t>(split.outputs * split.chunks));
  run_on_host(split.outputs * split.chunks, ChunkedSumBody<Terms>{terms, split, partial.data(), false});
  run_on_host(split.outputs, SumChunksBody{partial.data(), split.chunks, out, accumulate});
}

}  // namespace tunet::cuda
