#include "core/cpu/direct_conv.hpp"

#include <algorithm>
#include <vector>

#include "core/cpu/group_partials.hpp"
#include "core/cpu/lane_block.hpp"
#include "core/cpu/scratch.hpp"
#include "core/parallel.hpp"

namespace tunet::cpu {
namespace {

constexpr int64_t kMaxChannels = 4;
constexpr int kMaxKernelWidth = 7;
// Forward register block: 32 outputs of a row (kMaxVectors LaneBlocks) for
// kFilterBlock filters, 16 accumulators.
constexpr int kMaxVectors = int(32 / kLanes);
constexpr int kFilterBlock = 16 / kMaxVectors;
// Kernel-gradient register block: kGradFilterBlock filters x KW taps (<= 28 accumulators).
constexpr int kGradFilterBlock = 4;

// The zero-padded input plane of one sample: C planes of rows x cols, output
// (y, x) reading rows y .. y + KH - 1 and columns x .. x + KW - 1; columns run
// to a whole number of LaneBlocks of outputs (out_w_padded) plus KW - 1.
struct PaddedPlane {
  int64_t rows, cols, out_w_padded;
  int64_t size() const { return rows * cols; }
};

PaddedPlane padded_plane(const ConvDims& d) {
  const int64_t out_w_padded = round_up(d.win.out_w, kLanes);
  return {d.win.out_h + d.win.kernel_h - 1, out_w_padded + d.win.kernel_w - 1, out_w_padded};
}

// plane (C, rows, cols) = sample x_s (C, H, W) shifted by the padding. Only the
// interior is written: the zeros around it are the caller's, written once per
// thread (zero_plane), since every sample writes the same interior.
void zero_plane(const ConvDims& d, const PaddedPlane& pp, float* plane) {
  std::fill(plane, plane + d.c * pp.size(), 0.0f);
}
void fill_padded(const float* x_s, const ConvDims& d, const PaddedPlane& pp, float* plane) {
  for (int64_t c = 0; c < d.c; ++c)
    for (int64_t iy = 0; iy < d.win.in_h; ++iy)
      std::copy_n(x_s + (c * d.win.in_h + iy) * d.win.in_w, d.win.in_w,
                  plane + c * pp.size() + (iy + d.win.pad_top) * pp.cols + d.win.pad_left);
}

// Where one output_block goes: z rows of `filters` (<= kFilterBlock) filters,
// the first at z, the next `plane` floats on, `count` columns of each (<=
// Vectors * kLanes), + bias[f].
struct OutputRows {
  float* z;
  int64_t plane, count, filters;
  const float* bias;
};

// z rows = the outputs of filters f0 .. f0 + kFilterBlock - 1 at row y,
// columns x0 .. + bias; in = plane + y * cols + x0; wp (C, KH, KW, Fp) with the
// filters padded to whole blocks, tap t's weights at wp + t * fp and its inputs
// at in + tap_offset[t] (one flat loop over the taps: nested loops over c, i
// and j ran as long in loop overhead as in multiply-adds at 5x5 taps). Stored
// from the registers: the filters' rows are apart, and a buffer would cost a pass.
template <int Vectors>
void output_block(const float* in, const std::vector<int64_t>& tap_offset, const float* wp,
                  int64_t fp, const OutputRows& out) {
  LaneBlock acc[kFilterBlock][Vectors];
  for (auto& row : acc)
    for (LaneBlock& v : row) v = LaneBlock{};
  const int64_t taps = int64_t(tap_offset.size());
  for (int64_t t = 0; t < taps; ++t) {
    const float* wk = wp + t * fp;
    const float* row = in + tap_offset[size_t(t)];
    LaneBlock xin[Vectors];
    for (int v = 0; v < Vectors; ++v) xin[v] = load_block(row + v * kLanes);
    for (LaneBlock& v : xin) keep_in_register(v);
    for (int f = 0; f < kFilterBlock; ++f)
      for (int v = 0; v < Vectors; ++v) acc[f][v] += wk[f] * xin[v];
  }
  for (int f = 0; f < kFilterBlock; ++f) {
    if (f >= out.filters) break;
    for (int v = 0; v < Vectors; ++v) {
      const int64_t lanes = out.count - v * kLanes;
      float* z = out.z + f * out.plane + v * kLanes;
      const LaneBlock value = acc[f][v] + out.bias[f];
      if (lanes >= kLanes) store_block(z, value);
      else if (lanes > 0) store_first(z, value, lanes);
    }
  }
}

// dw(f, j) += sum_{y, x} dz_f[y, x] in[y, x + j] for kGradFilterBlock filters f
// and the KW taps j of one kernel row: dz (kGradFilterBlock, OH, out_w_padded),
// in = the padded plane at that kernel row; dw(f, j) at dw[f + j * tap_stride].
// Each input vector is loaded once for the filters, the sums stay in registers.
template <int KW>
void add_tap_row(const float* dz, const float* in, const PaddedPlane& pp, int64_t oh, float* dw,
                 int64_t tap_stride) {
  LaneBlock acc[kGradFilterBlock][KW];
  for (auto& row : acc)
    for (LaneBlock& v : row) v = LaneBlock{};
  const int64_t plane = oh * pp.out_w_padded;
  for (int64_t oy = 0; oy < oh; ++oy) {
    const float* in_row = in + oy * pp.cols;
    for (int64_t x = 0; x < pp.out_w_padded; x += kLanes) {
      LaneBlock g[kGradFilterBlock];
      for (int f = 0; f < kGradFilterBlock; ++f)
        g[f] = load_block(dz + f * plane + oy * pp.out_w_padded + x);
      for (int j = 0; j < KW; ++j) {
        LaneBlock xin = load_block(in_row + x + j);
        keep_in_register(xin);
        for (int f = 0; f < kGradFilterBlock; ++f) acc[f][j] += g[f] * xin;
      }
    }
  }
  for (int f = 0; f < kGradFilterBlock; ++f)
    for (int j = 0; j < KW; ++j) dw[f + j * tap_stride] += sum_lanes(acc[f][j]);
}

}  // namespace

bool direct_conv_applies(const ConvDims& d) {
  return d.win.stride_h == 1 && d.win.stride_w == 1 && d.c <= kMaxChannels &&
         d.win.kernel_w <= kMaxKernelWidth;
}

void direct_conv2d_forward(const float* x, const float* w, const float* b, float* z, float* y,
                           ActivationKind activation, const ConvDims& d) {
  const PaddedPlane pp = padded_plane(d);
  const int64_t fp = round_up(d.f, kFilterBlock), taps = d.win.kernel_h * d.win.kernel_w;
  // wp (C, KH, KW, Fp) from W (KH, KW, C, F), zeros for the padding filters
  std::vector<float> wp(size_t(d.c * taps * fp), 0.0f);
  for (int64_t t = 0; t < taps; ++t)
    for (int64_t c = 0; c < d.c; ++c)
      std::copy_n(w + (t * d.c + c) * d.f, d.f, wp.data() + (c * taps + t) * fp);
  // tap (c, i, j)'s input for output (0, 0) in the padded plane
  std::vector<int64_t> tap_offset;
  for (int64_t c = 0; c < d.c; ++c)
    for (int64_t i = 0; i < d.win.kernel_h; ++i)
      for (int64_t j = 0; j < d.win.kernel_w; ++j) tap_offset.push_back(c * pp.size() + i * pp.cols + j);
  [[maybe_unused]] const int threads = pass_threads(d);  // (read by the OpenMP directives only)
  TUNET_OMP(parallel num_threads(threads) if (threads > 1 && d.n > 1)) {
    Scratch plane(d.c * pp.size());
    zero_plane(d, pp, plane.data());
    TUNET_OMP(for schedule(static))
    for (int64_t n = 0; n < d.n; ++n) {
      fill_padded(x + n * d.c * d.hw, d, pp, plane.data());
      float* z_s = z + n * d.f * d.p;
      for (int64_t oy = 0; oy < d.win.out_h; ++oy)
        for (int64_t x0 = 0; x0 < d.win.out_w; x0 += kMaxVectors * kLanes) {
          const int vectors = int(std::min<int64_t>(kMaxVectors, (pp.out_w_padded - x0) / kLanes));
          const int64_t count = std::min<int64_t>(vectors * kLanes, d.win.out_w - x0);
          const float* in = plane.data() + oy * pp.cols + x0;
          for (int64_t f0 = 0; f0 < d.f; f0 += kFilterBlock) {
            const float* wf = wp.data() + f0;
            const OutputRows rows{z_s + (f0 * d.win.out_h + oy) * d.win.out_w + x0, d.p, count,
                                  std::min<int64_t>(kFilterBlock, d.f - f0), b + f0};
            switch (vectors) {
              case 4: output_block<4>(in, tap_offset, wf, fp, rows); break;
              case 3: output_block<3>(in, tap_offset, wf, fp, rows); break;
              case 2: output_block<2>(in, tap_offset, wf, fp, rows); break;
              default: output_block<1>(in, tap_offset, wf, fp, rows); break;
            }
          }
        }
      activation_forward(activation, z_s, y + n * d.f * d.p, d.f * d.win.out_h, d.win.out_w);
    }
  }
}

void direct_conv2d_weight_grad(const float* x, const OutputGrad& dz, float* dw, float* db,
                               const ConvDims& d) {
  const PaddedPlane pp = padded_plane(d);
  const int64_t kh = d.win.kernel_h, kw = d.win.kernel_w, oh = d.win.out_h, ow = d.win.out_w;
  const int64_t fp = round_up(d.f, kGradFilterBlock);
  [[maybe_unused]] const int threads = pass_threads(d);  // (read by the OpenMP directives only)
  // Partial sums of dW (KH, KW, C, Fp: the filters padded) and db per group of
  // samples (GroupPartials: the same result on any number of threads).
  const int64_t groups = reduction_groups(d.n);
  GroupPartials dw_part(groups, dw ? kh * kw * d.c * fp : 0), db_part(groups, db ? d.f : 0);
  TUNET_OMP(parallel num_threads(threads) if (threads > 1 && groups > 1)) {
    Scratch plane(d.c * pp.size()), dz_rows(fp * oh * pp.out_w_padded), dz_sample(d.f * d.p);
    // dz_rows' zeros past OW and F, written once: each sample rewrites the rest
    zero_plane(d, pp, plane.data());
    std::fill(dz_rows.data(), dz_rows.data() + fp * oh * pp.out_w_padded, 0.0f);
    TUNET_OMP(for schedule(static))
    for (int64_t group = 0; group < groups; ++group) {
      float* dw_acc = dw_part.zeroed(group);
      float* db_acc = db_part.zeroed(group);
      const IndexRange samples = group_range(d.n, groups, group);
      for (int64_t n = samples.begin; n < samples.end; ++n) {
        // dz_rows (Fp, OH, out_w_padded) = dz of the sample, zeros past OW and F
        const float* dz_n = dz.sample(n, dz_sample.data());
        for (int64_t f = 0; f < d.f; ++f) {
          const float* dz_f = dz_n + f * d.p;
          LaneBlock sum = {};
          for (int64_t oy = 0; oy < oh; ++oy) {
            float* row = dz_rows.data() + (f * oh + oy) * pp.out_w_padded;
            const float* src = dz_f + oy * ow;
            // (summed from registers: reloading what a copy has just stored
            // waits on store-to-load forwarding, which fails across its stores)
            for (int64_t x = 0; x < pp.out_w_padded; x += kLanes) {
              const LaneBlock v = x + kLanes <= ow ? load_block(src + x) : load_first(src + x, ow - x);
              store_block(row + x, v);
              sum += v;
            }
          }
          if (db) db_acc[f] += sum_lanes(sum);
        }
        if (!dw) continue;
        fill_padded(x + n * d.c * d.hw, d, pp, plane.data());
        for (int64_t f0 = 0; f0 < fp; f0 += kGradFilterBlock)
          for (int64_t c = 0; c < d.c; ++c)
            for (int64_t i = 0; i < kh; ++i) {
              const float* dz_block = dz_rows.data() + f0 * oh * pp.out_w_padded;
              const float* in = plane.data() + c * pp.size() + i * pp.cols;
              float* dw_row = dw_acc + (i * kw * d.c + c) * fp + f0;  // dW(i, 0, c, f0)
              const int64_t tap_stride = d.c * fp;
              switch (kw) {
                case 7: add_tap_row<7>(dz_block, in, pp, oh, dw_row, tap_stride); break;
                case 6: add_tap_row<6>(dz_block, in, pp, oh, dw_row, tap_stride); break;
                case 5: add_tap_row<5>(dz_block, in, pp, oh, dw_row, tap_stride); break;
                case 4: add_tap_row<4>(dz_block, in, pp, oh, dw_row, tap_stride); break;
                case 3: add_tap_row<3>(dz_block, in, pp, oh, dw_row, tap_stride); break;
                case 2: add_tap_row<2>(dz_block, in, pp, oh, dw_row, tap_stride); break;
                default: add_tap_row<1>(dz_block, in, pp, oh, dw_row, tap_stride); break;
              }
            }
      }
    }
  }
  // dW (KH, KW, C, F) += the partials, their padding past F dropped
  dw_part.add_in_order([&](int64_t i, float v) {
    const int64_t tap = i / fp, f = i % fp;
    if (f < d.f) dw[tap * d.f + f] += v;
  });
  db_part.add_to(db);
}

}  // namespace tunet::cpu
