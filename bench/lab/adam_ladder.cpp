#include "bench/lab/adam_ladder.hpp"

#include <cmath>

#include "bench/lab/peers.hpp"
#include "core/kernels/optimizer_updates.hpp"
#include "core/parallel.hpp"

namespace tunet::lab {
namespace {

struct Corrections {
  float bc1, bc2;
};

// Step-dependent scalars, once per step on the host.
Corrections corrections(const AdamSettings& s) {
  return {1.0f - std::pow(s.b1, static_cast<float>(s.step)), 1.0f - std::pow(s.b2, static_cast<float>(s.step))};
}

// The vectorised, threaded update over g (shared by the unfused rungs' second loop).
void adam_update_simd(const AdamBuffers& x, const AdamSettings& s, Corrections c) {
#pragma omp parallel for simd schedule(static) if (x.n >= kParallelMinElements)
  for (int64_t i = 0; i < x.n; ++i) {
    float unused = 0.0f;
    kernels::adam_update(x.p[i], x.m[i], x.v[i], unused, x.g[i], s.lr, s.b1, s.b2, s.eps, c.bc1, c.bc2, false);
  }
}

void sum_partials(const AdamBuffers& x) {
#pragma omp parallel for simd schedule(static) if (x.n >= kParallelMinElements)
  for (int64_t i = 0; i < x.n; ++i) x.g[i] = x.g0[i] + x.g1[i];
}

}  // namespace

// Rung 0: one element at a time, one thread (the update loop is kept scalar:
// no vectorisation for this function), after a pass that stores g.
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-vectorize")))
#endif
void adam_scalar(const AdamBuffers& x, const AdamSettings& s) {
  const Corrections c = corrections(s);
  for (int64_t i = 0; i < x.n; ++i) x.g[i] = x.g0[i] + x.g1[i];
  for (int64_t i = 0; i < x.n; ++i) {
    float unused = 0.0f;
    kernels::adam_update(x.p[i], x.m[i], x.v[i], unused, x.g[i], s.lr, s.b1, s.b2, s.eps, c.bc1, c.bc2, false);
  }
}

// Rung 1: the same per-element function, 16 lanes at a time (vsqrtps and
// vdivps on whole vectors) and on every thread: now the memory system, not
// the arithmetic, sets the time; g is still written and read back (40 bytes
// moved per parameter for the 32 the update needs).
void adam_vectorised(const AdamBuffers& x, const AdamSettings& s) {
  sum_partials(x);
  adam_update_simd(x, s, corrections(s));
}

// Rung 2: the producer of g (the sum of the partials) runs inside the update
// loop: g lives in a register, never in memory, and one sweep moves the 32
// bytes per parameter the update needs.
void adam_fused(const AdamBuffers& x, const AdamSettings& s) {
  const Corrections c = corrections(s);
#pragma omp parallel for simd schedule(static) if (x.n >= kParallelMinElements)
  for (int64_t i = 0; i < x.n; ++i) {
    float unused = 0.0f;
    kernels::adam_update(x.p[i], x.m[i], x.v[i], unused, x.g0[i] + x.g1[i], s.lr, s.b1, s.b2, s.eps, c.bc1, c.bc2,
                         false);
  }
}

// Rung 3: rung 2's loop over pointers copied into locals first. Read through
// `x`, each pointer could be changed by the loop's own stores (p[i] may alias
// x.p), so under `omp simd` GCC loads the pointer per lane and reaches the
// elements by gathers and scatters (vgatherqps / vscatterqps); from locals,
// every access is a unit-stride vector load or store.
void adam_contiguous(const AdamBuffers& x, const AdamSettings& s) {
  const Corrections c = corrections(s);
  float* const p = x.p;
  float* const m = x.m;
  float* const v = x.v;
  const float* const g0 = x.g0;
  const float* const g1 = x.g1;
  const int64_t n = x.n;
#pragma omp parallel for simd schedule(static) if (n >= kParallelMinElements)
  for (int64_t i = 0; i < n; ++i) {
    float unused = 0.0f;
    kernels::adam_update(p[i], m[i], v[i], unused, g0[i] + g1[i], s.lr, s.b1, s.b2, s.eps, c.bc1, c.bc2, false);
  }
}

const std::vector<AdamRung>& adam_ladder() {
  static const std::vector<AdamRung> rungs{
      {"scalar", "g stored, then one element at a time on one thread", adam_scalar},
      {"vectorised", "the same loops in SIMD lanes on every thread", adam_vectorised},
      {"fused", "g's producer (the partial sum) fused in: one sweep", adam_fused},
      {"contiguous", "the fused sweep over local pointers: unit-stride, no gathers", adam_contiguous},
#if defined(TUNET_LAB_WITH_ONEDNN)
      {"onednn", "oneDNN's binary and eltwise primitives chained: eight sweeps", adam_onednn, "", true},
#else
      {"onednn", "oneDNN's binary and eltwise primitives chained: eight sweeps", nullptr, peer_missing("onednn"), true},
#endif
  };
  return rungs;
}

}  // namespace tunet::lab
