#include "core/cpu/winograd_conv.hpp"

#include <algorithm>
#include <array>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/cpu/group_partials.hpp"
#include "core/cpu/lane_block.hpp"
#include "core/cpu/scratch.hpp"
#include "core/cpu/small_gemm.hpp"
#include "core/cpu/winograd_transform.hpp"
#include "core/parallel.hpp"

namespace tunet::cpu {
namespace {

// Input tile side: 8 x 8 tiles (points 0, +-1, +-2, +-1/2, infinity). For a 5x5
// kernel that is 64 multiplications per 16 outputs (4 per output) where 6 x 6
// tiles would need 36 per 4 (9 per output) and the direct formula 25; the float
// error stays ~5e-6 of the largest output (tests/test_nn_conv_algorithms.cpp).
constexpr int kAlpha = 8;
constexpr int kMinKernel = 3, kMaxKernel = 5;
constexpr int64_t kMinChannels = 8;
// Tiles per chunk: one sample of a 14 x 14 5x5 layer (16 tiles), so that the
// chunk's transformed tiles (alpha^2 x tiles x (C + F) floats) stay in the
// core's L1/L2 caches. Measured on the 16 -> 36 5x5 layer: 16 tiles beat 32,
// 64, 128 and 256 by 5-40%.
constexpr int64_t kChunkTiles = 16;

const WinogradTransform& transform_for(int64_t r) {
  static const std::array<WinogradTransform, kMaxKernel + 1> table = [] {
    std::array<WinogradTransform, kMaxKernel + 1> t;
    for (int k = kMinKernel; k <= kMaxKernel; ++k) t[size_t(k)] = make_winograd_transform(kAlpha - k + 1, k);
    return t;
  }();
  return table[size_t(r)];
}

// Where the tiles of one sample lie: tiles_h x tiles_w tiles of m x m outputs,
// read from the input zero-padded to in_h x in_w (HWC), written to an output
// plane of out_h x out_w = tiles * m (HWC) before cropping to OH x OW.
struct TileGrid {
  int64_t m, r, tiles_h, tiles_w, tiles;
  int64_t in_h, in_w;    // padded input plane
  int64_t out_h, out_w;  // tiled output plane
};

TileGrid tile_grid(const ConvDims& d, int64_t m) {
  TileGrid g;
  g.m = m;
  g.r = d.win.kernel_h;
  g.tiles_h = (d.win.out_h + m - 1) / m;
  g.tiles_w = (d.win.out_w + m - 1) / m;
  g.tiles = g.tiles_h * g.tiles_w;
  g.out_h = g.tiles_h * m;
  g.out_w = g.tiles_w * m;
  g.in_h = g.out_h + g.r - 1;
  g.in_w = g.out_w + g.r - 1;
  return g;
}

// out(p, q) [+]= sum_ij L(p, i) in(i, j) L(q, j) for p, q < rows and i, j < cols,
// where each element is a run of `lanes` contiguous floats: in(i, j) at
// in + i*in_rs + j*in_cs, out(p, q) at out + p*out_rs + q*out_cs. L (rows x cols)
// row-major; tmp holds rows x cols x lanes floats. Zeros of L are skipped.
template <bool Accumulate>
void sandwich(const float* l, int rows, int cols, const float* in, int64_t in_rs, int64_t in_cs,
              float* out, int64_t out_rs, int64_t out_cs, int64_t lanes, float* tmp) {
  // tmp(p, j) = sum_i L(p, i) in(i, j)
  for (int p = 0; p < rows; ++p)
    for (int j = 0; j < cols; ++j) {
      float* t = tmp + (p * cols + j) * lanes;
      std::fill(t, t + lanes, 0.0f);
      for (int i = 0; i < cols; ++i) {
        const float c = l[p * cols + i];
        if (c == 0.0f) continue;
        const float* s = in + i * in_rs + j * in_cs;
        for (int64_t v = 0; v < lanes; ++v) t[v] += c * s[v];
      }
    }
  // out(p, q) = sum_j tmp(p, j) L(q, j)
  for (int p = 0; p < rows; ++p)
    for (int q = 0; q < rows; ++q) {
      float* o = out + p * out_rs + q * out_cs;
      if constexpr (!Accumulate) std::fill(o, o + lanes, 0.0f);
      for (int j = 0; j < cols; ++j) {
        const float c = l[q * cols + j];
        if (c == 0.0f) continue;
        const float* t = tmp + (p * cols + j) * lanes;
        for (int64_t v = 0; v < lanes; ++v) o[v] += c * t[v];
      }
    }
}

// f(std::integral_constant<int, I>) for I = 0 .. N-1, unrolled: the index is a
// constant inside f, so a LaneBlock array indexed by it stays in registers.
template <int N, class F>
inline void unrolled(F&& f) {
  [&]<int... I>(std::integer_sequence<int, I...>) { (f(std::integral_constant<int, I>{}), ...); }(
      std::make_integer_sequence<int, N>());
}

// sum_i L(P, i) x[i] over the i of the given parity (0 even, 1 odd, 2 all) for
// a compile-time matrix L: the terms with L(P, i) = 0 are never emitted, a
// coefficient of 1 costs an add.
template <const auto& L, int P, int Parity, int Cols>
inline LaneBlock row_combination(const LaneBlock (&x)[Cols]) {
  constexpr auto counted = [](int i) { return L[P][size_t(i)] != 0.0f && (Parity == 2 || i % 2 == Parity); };
  constexpr int first = [&] {
    int i = 0;
    while (!counted(i)) ++i;
    return i;
  }();
  LaneBlock acc = L[P][first] * x[first];
  unrolled<Cols>([&](auto i) {
    if constexpr (i > first && counted(i)) acc += L[P][i] * x[i];
  });
  return acc;
}

// The Toom-Cook matrices pair their points a and -a, which shows in two ways
// (Lavin & Gray's "even/odd" trick, found here at compile time):
//   row pairs (B^T, A): row p' = row p with its odd entries negated, so
//     y[p] = e + o and y[p'] = e - o, e and o the even and odd halves of row p . x;
//   column pairs (A^T, B): column j' = column j with its odd rows negated, so
//     y = L' z with z[j] = x[j] + x[j'], z[j'] = x[j] - x[j'], and L' keeping
//     column j on the even rows and moving it to j' on the odd ones.
// Either cuts the multiply-adds of y = L x by about a quarter.
template <class Matrix>
constexpr bool negated_on_odd(const Matrix& m, int rows, int a, int b, bool along_rows) {
  bool even = false, odd = false;
  for (int k = 0; k < rows; ++k) {
    const float u = along_rows ? m[size_t(a)][size_t(k)] : m[size_t(k)][size_t(a)];
    const float v = along_rows ? m[size_t(b)][size_t(k)] : m[size_t(k)][size_t(b)];
    if (v != (k % 2 ? -u : u)) return false;
    (k % 2 ? odd : even) |= u != 0.0f;
  }
  return even && odd;
}

// The partner of row (along_rows) or column p: the first later one that pairs
// with it, or -1; a partner never has one of its own.
template <const auto& L>
constexpr int partner(int p, bool along_rows) {
  const int count = along_rows ? int(L.size()) : int(L[0].size());
  const int length = along_rows ? int(L[0].size()) : int(L.size());
  for (int first = 0; first < p; ++first)
    for (int q = first + 1; q < count; ++q)
      if (negated_on_odd(L, length, first, q, along_rows)) {
        if (q == p) return -1;  // p is first's partner
        break;
      }
  for (int q = p + 1; q < count; ++q)
    if (negated_on_odd(L, length, p, q, along_rows)) return q;
  return -1;
}

template <const auto& L>
constexpr bool is_second(int p, bool along_rows) {
  for (int first = 0; first < p; ++first)
    if (partner<L>(first, along_rows) == p) return true;
  return false;
}

template <const auto& L>
constexpr bool has_column_pairs() {
  for (int j = 0; j < int(L[0].size()); ++j)
    if (partner<L>(j, false) >= 0) return true;
  return false;
}

// L' of the column pairs (above).
template <const auto& L>
constexpr auto column_split() {
  auto out = L;
  for (int j = 0; j < int(L[0].size()); ++j) {
    const int k = partner<L>(j, false);
    if (k < 0) continue;
    for (int q = 0; q < int(L.size()); ++q) {
      out[size_t(q)][size_t(k)] = q % 2 ? L[size_t(q)][size_t(j)] : 0.0f;
      out[size_t(q)][size_t(j)] = q % 2 ? 0.0f : L[size_t(q)][size_t(j)];
    }
  }
  return out;
}
template <const auto& L>
inline constexpr auto kColumnSplit = column_split<L>();

// y = L x for a compile-time matrix L (Rows x Cols), its point pairs exploited.
template <const auto& L, int Rows, int Cols>
inline void apply(const LaneBlock (&x)[Cols], LaneBlock (&y)[Rows]) {
  if constexpr (has_column_pairs<L>()) {
    LaneBlock z[Cols];
    unrolled<Cols>([&](auto j) {
      constexpr int k = partner<L>(j, false);
      if constexpr (k >= 0) {
        z[j] = x[j] + x[k];
        z[k] = x[j] - x[k];
      } else if constexpr (!is_second<L>(j, false)) {
        z[j] = x[j];
      }
    });
    unrolled<Rows>([&](auto q) { y[q] = row_combination<kColumnSplit<L>, q, 2>(z); });
  } else {
    unrolled<Rows>([&](auto p) {
      constexpr int k = partner<L>(p, true);
      if constexpr (k >= 0) {
        const LaneBlock even = row_combination<L, p, 0>(x), odd = row_combination<L, p, 1>(x);
        y[p] = even + odd;
        y[k] = even - odd;
      } else if constexpr (!is_second<L>(p, true)) {
        y[p] = row_combination<L, p, 2>(x);
      }
    });
  }
}

// sandwich for a matrix L known at compile time (kWinograd: Rows x Cols), over
// `lanes` (a multiple of kLanes) in blocks of one LaneBlock: a block's column
// of inputs and row of partial results stay in vector registers. The hot
// loops' transforms. (flatten: every unrolled step is inlined, or the
// LaneBlocks would go through memory.)
template <const auto& L, bool Accumulate>
[[gnu::flatten]] void sandwich_fixed(const float* in, int64_t in_rs, int64_t in_cs, float* out,
                                     int64_t out_rs, int64_t out_cs, int64_t lanes) {
  constexpr int Rows = int(L.size()), Cols = int(L[0].size());
  for (int64_t v0 = 0; v0 < lanes; v0 += kLanes) {
    LaneBlock tmp[Rows][Cols];
    unrolled<Cols>([&](auto j) {  // tmp(:, j) = L in(:, j)
      LaneBlock column[Cols], result[Rows];
      for (int i = 0; i < Cols; ++i) column[i] = load_block(in + i * in_rs + j * in_cs + v0);
      apply<L>(column, result);
      unrolled<Rows>([&](auto p) { tmp[p][j] = result[p]; });
    });
    unrolled<Rows>([&](auto p) {  // out(p, :) = tmp(p, :) L^T
      LaneBlock result[Rows];
      apply<L>(tmp[p], result);
      unrolled<Rows>([&](auto q) {
        float* o = out + p * out_rs + q * out_cs + v0;
        store_block(o, Accumulate ? load_block(o) + result[q] : result[q]);
      });
    });
  }
}

// Sizes of one call: channels and filters padded to whole lane blocks (the pad
// lanes hold zeros everywhere, so they add nothing to any sum).
struct Layout {
  const ConvDims& d;
  TileGrid g;
  int64_t cp, fp;  // C, F rounded up to kLanes
};

// U (alpha^2, Cp, Fp) = G g G^T for every (c, f), zeros in the padding; w (R, R, C, F).
std::vector<float> transform_kernel(const WinogradTransform& t, const float* w, const Layout& l) {
  const ConvDims& d = l.d;
  const int64_t cf = d.c * d.f;
  std::vector<float> u_cf(size_t(kAlpha * kAlpha * cf)), tmp(size_t(kAlpha * t.r * cf));
  sandwich<false>(t.g.data(), kAlpha, t.r, w, t.r * cf, cf, u_cf.data(), kAlpha * cf, cf, cf,
                  tmp.data());
  std::vector<float> u(size_t(kAlpha * kAlpha * l.cp * l.fp), 0.0f);
  for (int64_t pos = 0; pos < kAlpha * kAlpha; ++pos)
    for (int64_t c = 0; c < d.c; ++c)
      std::copy_n(u_cf.data() + (pos * d.c + c) * d.f, d.f,
                  u.data() + (pos * l.cp + c) * l.fp);
  return u;
}

// dW (R, R, C, F) += G^T dU G; du (alpha^2, Cp, Fp).
void add_kernel_gradient(const WinogradTransform& t, const std::vector<float>& du, const Layout& l,
                         float* dw) {
  const ConvDims& d = l.d;
  const int64_t cf = d.c * d.f;
  std::vector<float> du_cf(size_t(kAlpha * kAlpha * cf));
  for (int64_t pos = 0; pos < kAlpha * kAlpha; ++pos)
    for (int64_t c = 0; c < d.c; ++c)
      std::copy_n(du.data() + (pos * l.cp + c) * l.fp, d.f,
                  du_cf.data() + (pos * d.c + c) * d.f);
  std::vector<float> dw_t(size_t(t.r * t.r * cf)), tmp(size_t(t.r * kAlpha * cf));
  sandwich<false>(t.gt.data(), int(t.r), kAlpha, du_cf.data(), kAlpha * cf, cf, dw_t.data(),
                  t.r * cf, cf, cf, tmp.data());
  for (size_t i = 0; i < dw_t.size(); ++i) dw[i] += dw_t[i];
}

// One thread's buffers. Transformed tiles are alpha^2 matrices, position-major:
// V(pos) (tiles x Cp), M(pos) / Z(pos) (tiles x Fp), dV(pos) (tiles x Cp);
// in_plane: one sample's padded input (its zeros written here, once: every
// sample writes the interior only); dx_plane: its input gradient, padded;
// dz: one sample's output gradient (F, OH, OW) in the backward pass.
struct ChunkBuffers {
  Scratch in_plane, dx_plane, out_plane, v, mz, dv, dz;
  ChunkBuffers(const Layout& l, int64_t tiles, bool need_v, bool need_dv, bool need_dz)
      : in_plane(l.g.in_h * l.g.in_w * l.cp),
        dx_plane(need_dv ? l.g.in_h * l.g.in_w * l.cp : 0),
        out_plane(l.g.out_h * l.g.out_w * l.fp),
        v(need_v ? kAlpha * kAlpha * tiles * l.cp : 0),
        mz(kAlpha * kAlpha * tiles * l.fp),
        dv(need_dv ? kAlpha * kAlpha * tiles * l.cp : 0),
        dz(need_dz ? l.d.f * l.d.p : 0) {
    std::fill(in_plane.data(), in_plane.data() + l.g.in_h * l.g.in_w * l.cp, 0.0f);
  }
};

// in_plane (in_h, in_w, Cp) = sample x_s (C, H, W) transposed, shifted by the
// padding; only the interior is written (the zeros around it and in the pad
// lanes are ChunkBuffers').
void fill_input_plane(const float* x_s, const Layout& l, float* in_plane) {
  const ConvDims& d = l.d;
  const int64_t h = d.win.in_h, w = d.win.in_w;
  for (int64_t c = 0; c < d.c; ++c)
    for (int64_t iy = 0; iy < h; ++iy) {
      const float* src = x_s + (c * h + iy) * w;
      float* dst = in_plane + ((iy + d.win.pad_top) * l.g.in_w + d.win.pad_left) * l.cp + c;
      for (int64_t ix = 0; ix < w; ++ix) dst[ix * l.cp] = src[ix];
    }
}

// V(pos) rows tile0 .. tile0 + g.tiles: B^T d B for the tiles of the sample in in_plane.
template <int M>
void transform_input(const Layout& l, const float* in_plane,
                     int64_t tile0, int64_t chunk_tiles, float* v) {
  const TileGrid& g = l.g;
  for (int64_t ty = 0; ty < g.tiles_h; ++ty)
    for (int64_t tx = 0; tx < g.tiles_w; ++tx)
      sandwich_fixed<kWinograd<M, kAlpha + 1 - M, WinogradMatrix::Bt>, false>(
          in_plane + (ty * g.m * g.in_w + tx * g.m) * l.cp, g.in_w * l.cp, l.cp,
          v + (tile0 + ty * g.tiles_w + tx) * l.cp, kAlpha * chunk_tiles * l.cp,
          chunk_tiles * l.cp, l.cp);
}

struct Chunking {
  int threads;
  int64_t samples, count;  // samples per chunk, chunks
};

// Samples per chunk: about kChunkTiles tiles. Fixed by the shape alone, never
// by the thread count: a chunk's products sum in an order that depends on its
// tiles, so the chunks (and the results) are the same on any number of threads.
Chunking chunking(const ConvDims& d, const TileGrid& g) {
  Chunking c;
  c.threads = pass_threads(d);
  c.samples = std::max<int64_t>(1, kChunkTiles / g.tiles);
  c.count = (d.n + c.samples - 1) / c.samples;
  return c;
}

template <int M>
void forward_pass(const Layout& l, const float* x, const float* u,
                  const float* b, float* z, float* y, ActivationKind activation) {
  const ConvDims& d = l.d;
  const TileGrid& g = l.g;
  const Chunking ch = chunking(d, g);
  const int64_t positions = kAlpha * kAlpha, cp = l.cp, fp = l.fp;
  TUNET_OMP(parallel num_threads(ch.threads) if (ch.threads > 1 && ch.count > 1)) {
    ChunkBuffers buf(l, ch.samples * g.tiles, true, false, false);
    TUNET_OMP(for schedule(static))
    for (int64_t chunk = 0; chunk < ch.count; ++chunk) {
      const int64_t n0 = chunk * ch.samples, samples = std::min(ch.samples, d.n - n0);
      const int64_t tiles = samples * g.tiles;
      float* v = buf.v.data();
      for (int64_t s = 0; s < samples; ++s) {
        fill_input_plane(x + (n0 + s) * d.c * d.hw, l, buf.in_plane.data());
        transform_input<M>(l, buf.in_plane.data(), s * g.tiles, tiles, v);
      }
      // M(pos) (tiles x Fp) = V(pos) (tiles x Cp) U(pos) (Cp x Fp)
      for (int64_t pos = 0; pos < positions; ++pos)
        small_gemm(tiles, fp, cp, v + pos * tiles * cp, cp, 1, u + pos * cp * fp, fp,
                   buf.mz.data() + pos * tiles * fp, fp, false);
      float* plane = buf.out_plane.data();
      for (int64_t s = 0; s < samples; ++s) {
        // out_plane (out_h, out_w, Fp): A^T M A per tile
        for (int64_t ty = 0; ty < g.tiles_h; ++ty)
          for (int64_t tx = 0; tx < g.tiles_w; ++tx)
            sandwich_fixed<kWinograd<M, kAlpha + 1 - M, WinogradMatrix::At>, false>(
                buf.mz.data() + (s * g.tiles + ty * g.tiles_w + tx) * fp,
                kAlpha * tiles * fp, tiles * fp, plane + (ty * M * g.out_w + tx * M) * fp,
                g.out_w * fp, fp, fp);
        // z (F, OH, OW) = the plane cropped, transposed, + bias; then the activation
        float* z_s = z + (n0 + s) * d.f * d.p;
        for (int64_t f = 0; f < d.f; ++f)
          for (int64_t oy = 0; oy < d.win.out_h; ++oy) {
            float* dst = z_s + (f * d.win.out_h + oy) * d.win.out_w;
            const float* src = plane + oy * g.out_w * fp + f;
            for (int64_t ox = 0; ox < d.win.out_w; ++ox) dst[ox] = src[ox * fp] + b[f];
          }
        activation_forward(activation, z_s, y + (n0 + s) * d.f * d.p, d.f * d.win.out_h,
                           d.win.out_w);
      }
    }
  }
}

template <int M>
void backward_pass(const WinogradTransform& t, const Layout& l, const float* x, const float* ut,
                   const OutputGrad& dz, float* dx, float* dw, float* db) {
  const ConvDims& d = l.d;
  const TileGrid& g = l.g;
  const Chunking ch = chunking(d, g);
  const int64_t positions = kAlpha * kAlpha, cp = l.cp, fp = l.fp;
  // Partial sums of dU (alpha^2, Cp, Fp) and db (F) per group of chunks
  // (GroupPartials: the same result on any number of threads).
  const int64_t groups = reduction_groups(ch.count);
  const int64_t du_size = dw ? positions * cp * fp : 0;
  GroupPartials du_part(groups, du_size), db_part(groups, db ? d.f : 0);
  TUNET_OMP(parallel num_threads(ch.threads) if (ch.threads > 1 && groups > 1)) {
    ChunkBuffers buf(l, ch.samples * g.tiles, dw != nullptr, dx != nullptr, true);
    // out_plane's zeros around dz (pixels past OH x OW, lanes past F): written once,
    // each sample then fills the interior only
    std::fill(buf.out_plane.data(), buf.out_plane.data() + g.out_h * g.out_w * fp, 0.0f);
    TUNET_OMP(for schedule(static))
    for (int64_t group = 0; group < groups; ++group) {
      float* du = du_part.zeroed(group);
      float* db_acc = db_part.zeroed(group);
      const IndexRange range = group_range(ch.count, groups, group);
      for (int64_t chunk = range.begin; chunk < range.end; ++chunk) {
        const int64_t n0 = chunk * ch.samples, samples = std::min(ch.samples, d.n - n0);
        const int64_t tiles = samples * g.tiles;
        float* v = buf.v.data();  // the chunk's V, transformed again for dU
        float* out_plane = buf.out_plane.data();
        for (int64_t s = 0; s < samples; ++s) {
          // out_plane (out_h, out_w, Fp) = dz of the sample transposed, zeros around
          const float* dz_s = dz.sample(n0 + s, buf.dz.data());
          for (int64_t f = 0; f < d.f; ++f)
            for (int64_t oy = 0; oy < d.win.out_h; ++oy) {
              const float* src = dz_s + (f * d.win.out_h + oy) * d.win.out_w;
              float* dst = out_plane + oy * g.out_w * fp + f;
              for (int64_t ox = 0; ox < d.win.out_w; ++ox) dst[ox * fp] = src[ox];
            }
          if (db)  // db (F) += each filter's plane of dz (read from dz: the plane's
                   // scalar stores would stall the vector loads that read them back)
            for (int64_t f = 0; f < d.f; ++f) db_acc[f] += sum_floats(dz_s + f * d.p, d.p);
          // Z(pos) = A dy A^T per tile
          for (int64_t ty = 0; ty < g.tiles_h; ++ty)
            for (int64_t tx = 0; tx < g.tiles_w; ++tx)
              sandwich_fixed<kWinograd<M, kAlpha + 1 - M, WinogradMatrix::A>, false>(
                  out_plane + (ty * M * g.out_w + tx * M) * fp, g.out_w * fp, fp,
                  buf.mz.data() + (s * g.tiles + ty * g.tiles_w + tx) * fp, kAlpha * tiles * fp,
                  tiles * fp, fp);
          if (dw) {  // V, for dU: the input transformed again (the forward pass's V is gone)
            fill_input_plane(x + (n0 + s) * d.c * d.hw, l, buf.in_plane.data());
            transform_input<M>(l, buf.in_plane.data(), s * g.tiles, tiles, v);
          }
        }
        for (int64_t pos = 0; pos < positions; ++pos) {
          const float* z_pos = buf.mz.data() + pos * tiles * fp;
          // dU(pos) (Cp x Fp) += V(pos)^T Z(pos), its rows past C left at zero
          if (dw)
            small_gemm(d.c, fp, tiles, v + pos * tiles * cp, 1, cp, z_pos, fp,
                       du + pos * cp * fp, fp, true);
          // dV(pos) (tiles x Cp) = Z(pos) (tiles x Fp) U(pos)^T (Fp x Cp), summed over
          // the F real filters only (the padding adds zeros)
          if (dx)
            small_gemm(tiles, cp, d.f, z_pos, fp, 1, ut + pos * fp * cp, cp,
                       buf.dv.data() + pos * tiles * cp, cp, false);
        }
        if (!dx) continue;
        float* dx_plane = buf.dx_plane.data();
        for (int64_t s = 0; s < samples; ++s) {
          // dx_plane (in_h, in_w, Cp) = sum over the (overlapping) tiles of B dV B^T
          std::fill(dx_plane, dx_plane + g.in_h * g.in_w * cp, 0.0f);
          for (int64_t ty = 0; ty < g.tiles_h; ++ty)
            for (int64_t tx = 0; tx < g.tiles_w; ++tx)
              sandwich_fixed<kWinograd<M, kAlpha + 1 - M, WinogradMatrix::B>, true>(
                  buf.dv.data() + (s * g.tiles + ty * g.tiles_w + tx) * cp,
                  kAlpha * tiles * cp, tiles * cp, dx_plane + (ty * M * g.in_w + tx * M) * cp,
                  g.in_w * cp, cp, cp);
          // dx (C, H, W) += the plane's interior, transposed
          float* dx_s = dx + (n0 + s) * d.c * d.hw;
          const int64_t h = d.win.in_h, w = d.win.in_w;
          for (int64_t c = 0; c < d.c; ++c)
            for (int64_t iy = 0; iy < h; ++iy) {
              float* dst = dx_s + (c * h + iy) * w;
              const float* src = dx_plane + ((iy + d.win.pad_top) * g.in_w + d.win.pad_left) * cp + c;
              for (int64_t ix = 0; ix < w; ++ix) dst[ix] += src[ix * cp];
            }
        }
      }
    }
  }
  db_part.add_to(db);
  if (!dw) return;
  // du = the groups' partial sums, then dW += du transformed back
  std::vector<float> du(size_t(du_size), 0.0f);
  du_part.add_to(du.data());
  add_kernel_gradient(t, du, l, dw);
}

Layout layout_of(const ConvDims& d, const WinogradTransform& t) {
  return {d, tile_grid(d, t.m), round_up(d.c, kLanes), round_up(d.f, kLanes)};
}

}  // namespace

bool winograd_applies(const ConvDims& d) {
  const Window2D& w = d.win;
  return w.stride_h == 1 && w.stride_w == 1 && w.kernel_h == w.kernel_w &&
         w.kernel_h >= kMinKernel && w.kernel_h <= kMaxKernel && d.c >= kMinChannels;
}

// m = alpha + 1 - r: 6, 5, 4 for r = 3, 4, 5.
void winograd_conv2d_forward(const float* x, const float* w, const float* b, float* z, float* y,
                             ActivationKind activation, const ConvDims& d) {
  const WinogradTransform& t = transform_for(d.win.kernel_h);
  const Layout l = layout_of(d, t);
  const std::vector<float> u = transform_kernel(t, w, l);
  switch (t.m) {
    case 6: return forward_pass<6>(l, x, u.data(), b, z, y, activation);
    case 5: return forward_pass<5>(l, x, u.data(), b, z, y, activation);
    default: return forward_pass<4>(l, x, u.data(), b, z, y, activation);
  }
}

void winograd_conv2d_backward(const float* x, const float* w, const OutputGrad& dz, float* dx,
                              float* dw, float* db, const ConvDims& d) {
  const WinogradTransform& t = transform_for(d.win.kernel_h);
  const Layout l = layout_of(d, t);
  // U^T (alpha^2, Fp, Cp) for the input gradient
  std::vector<float> ut;
  if (dx) {
    const std::vector<float> u = transform_kernel(t, w, l);
    ut.resize(u.size());
    for (int64_t pos = 0; pos < kAlpha * kAlpha; ++pos)
      for (int64_t c = 0; c < l.cp; ++c)
        for (int64_t f = 0; f < l.fp; ++f)
          ut[size_t((pos * l.fp + f) * l.cp + c)] = u[size_t((pos * l.cp + c) * l.fp + f)];
  }
  switch (t.m) {
    case 6: return backward_pass<6>(t, l, x, ut.data(), dz, dx, dw, db);
    case 5: return backward_pass<5>(t, l, x, ut.data(), dz, dx, dw, db);
    default: return backward_pass<4>(t, l, x, ut.data(), dz, dx, dw, db);
  }
}

}  // namespace tunet::cpu
