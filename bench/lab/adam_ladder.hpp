#pragma once
// The Adam-step ladder (Kingma & Ba 2015; core/kernels/optimizer_updates.hpp):
// per parameter, with the gradient g the sum of two per-thread partial
// gradients g0 + g1 (how the library's training produces it):
//
//   g = g0 + g1; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2
//   p -= lr (m / bc1) / (sqrt(v / bc2) + eps)
//
// Memory-bound: ~16 flops per parameter against 32 bytes at the least (read
// g0, g1, p, m, v; write p, m, v). Every rung's GB/s counts those 32 bytes,
// so a rung that moves more shows as slower.
//
//   adam_scalar      the partials summed into g, then core's per-element update, not vectorised
//   adam_vectorised  the same two loops, the update vectorised (omp simd) and threaded
//   adam_fused       one loop: the sum that produces g is fused into the update, g never stored
//   adam_contiguous  the fused loop over pointers held in locals: unit-stride vectors, no gathers
//   onednn           the step chained from oneDNN's eltwise and binary primitives (bench/lab/peers.hpp)
#include <cstdint>
#include <string>
#include <vector>

namespace tunet::lab {

struct AdamBuffers {
  float* p;
  float* m;
  float* v;
  const float* g0;
  const float* g1;
  float* g;  // the summed gradient (the unfused rungs store it)
  int64_t n;
};

struct AdamSettings {
  float lr = 1e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-7f;
  int step = 1;  // bias corrections bc1 = 1 - b1^t, bc2 = 1 - b2^t
};

using AdamFn = void (*)(const AdamBuffers& buffers, const AdamSettings& settings);

void adam_scalar(const AdamBuffers& buffers, const AdamSettings& settings);
void adam_vectorised(const AdamBuffers& buffers, const AdamSettings& settings);
void adam_fused(const AdamBuffers& buffers, const AdamSettings& settings);
void adam_contiguous(const AdamBuffers& buffers, const AdamSettings& settings);

struct AdamRung {
  std::string name;
  std::string adds;
  AdamFn fn;                 // nullptr when missing
  std::string missing = "";  // why the build lacks this rung ("" when it has it)
  bool peer = false;         // a peer library's rung: on the threads whatever the size
};

const std::vector<AdamRung>& adam_ladder();

}  // namespace tunet::lab
