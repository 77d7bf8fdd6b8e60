#include "core/cpu/im2col_conv.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cstring>

#include "core/cpu/group_partials.hpp"
#include "core/cpu/im2col.hpp"
#include "core/cpu/scratch.hpp"
#include "core/parallel.hpp"

namespace tunet::cpu {
namespace {

// Dimensions: N batch, C input channels, H x W input plane, F filters, P = OH*OW
// output positions, K = KH*KW*C; the im2col matrix of a chunk of S samples is
// (S*P, K) in one of two storage orders (core/cpu/im2col.hpp).

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ColMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using ConstRowMatrixMap = Eigen::Map<const RowMatrix>;
using ColMatrixMap = Eigen::Map<ColMatrix>;
using ConstColMatrixMap = Eigen::Map<const ColMatrix>;
template <int Order>
using ColumnsMap = Eigen::Map<Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Order>>;
template <int Order>
using ConstColumnsMap =
    Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Order>>;

// im2col rows (S*P) per chunk: few enough that the chunk's im2col matrix stays
// in the core's L2 cache until the GEMM reads it. Measured with
// bench/gbench_layers at the CNN shapes there: 196-256 rows (one sample) beat
// 392, 784 and 1568 by 5-20%; the GEMM (M = S*P, N = F, depth K) is already
// efficient at M ~ 200.
constexpr int64_t kChunkRows = 256;
// From this many input channels on, the rows order (runs of KW*C floats) beats
// the planes order (runs along an input row). Measured: C = 16 (5x5) runs 24%
// faster in rows order, C = 1 about 1.5x faster in planes order.
constexpr int64_t kRowsOrderMinChannels = 8;
// Samples per chunk: about kChunkRows im2col rows. Fixed by the shape alone,
// never by the thread count: a chunk's GEMM sums in an order that depends on
// its rows, so the chunks (and the results) are the same on any number of threads.
int64_t chunk_samples(const ConvDims& d) { return std::max<int64_t>(1, kChunkRows / d.p); }

// col (S*P, K) in storage order Order = the im2col matrix of samples n0 .. n0 + S of x.
template <int Order>
void fill_columns(const float* x, const ConvDims& d, int64_t n0, int64_t s_count, float* col,
                  float* x_hwc) {
  for (int64_t s = 0; s < s_count; ++s) {
    const float* x_s = x + (n0 + s) * d.c * d.hw;
    if constexpr (Order == Eigen::RowMajor) {
      chw_to_hwc(x_s, x_hwc, d.c, d.hw);
      im2col_rows(x_hwc, d, col + s * d.p * d.k);
    } else {
      im2col_planes(x_s, d, col, s_count * d.p, s * d.p);
    }
  }
}

// dx of samples n0 .. n0 + S += dcol (S*P, K) (storage order Order) folded back.
template <int Order>
void fold_columns_add(const float* dcol, const ConvDims& d, int64_t n0, int64_t s_count, float* dx,
                      float* dx_hwc) {
  for (int64_t s = 0; s < s_count; ++s) {
    float* dx_s = dx + (n0 + s) * d.c * d.hw;
    if constexpr (Order == Eigen::RowMajor) {
      std::fill(dx_hwc, dx_hwc + d.hw * d.c, 0.0f);
      col2im_rows_add(dcol + s * d.p * d.k, d, dx_hwc);
      hwc_add_to_chw(dx_hwc, dx_s, d.c, d.hw);
    } else {
      col2im_planes_add(dcol, d, s_count * d.p, s * d.p, dx_s);
    }
  }
}

// z (N, F, P) = conv(x, W) + b, then y = f(z) (y may be z); x (N, C, H, W), w (K, F).
template <int Order>
void conv2d_fwd(const float* x, const float* w, const float* b, float* z, float* y,
                ActivationKind activation, const ConvDims& d) {
  [[maybe_unused]] const int threads = pass_threads(d);  // (read by the OpenMP directives only)
  const int64_t s_max = chunk_samples(d);
  const int64_t chunks = (d.n + s_max - 1) / s_max;
  TUNET_OMP(parallel num_threads(threads) if (threads > 1 && chunks > 1)) {
    Scratch x_hwc(Order == Eigen::RowMajor ? d.hw * d.c : 0), col(s_max * d.p * d.k),
        zc(s_max * d.p * d.f);
    TUNET_OMP(for schedule(static))
    for (int64_t chunk = 0; chunk < chunks; ++chunk) {
      const int64_t n0 = chunk * s_max, s_count = std::min(s_max, d.n - n0), rows = s_count * d.p;
      fill_columns<Order>(x, d, n0, s_count, col.data(), x_hwc.data());
      // zc (S*P, F) = col (S*P, K) W (K, F); zc column-major, so each (sample, filter)
      // is a contiguous run of P values: the NCHW order within a sample
      ColMatrixMap(zc.data(), rows, d.f).noalias() =
          ConstColumnsMap<Order>(col.data(), rows, d.k) * ConstRowMatrixMap(w, d.k, d.f);
      for (int64_t s = 0; s < s_count; ++s) {
        float* z_s = z + (n0 + s) * d.f * d.p;
        for (int64_t f = 0; f < d.f; ++f) {
          const float* src = zc.data() + f * rows + s * d.p;
          for (int64_t q = 0; q < d.p; ++q) z_s[f * d.p + q] = src[q] + b[f];
        }
        // the activation along the last axis (OW), per sample
        activation_forward(activation, z_s, y + (n0 + s) * d.f * d.p, d.f * d.win.out_h,
                           d.win.out_w);
      }
    }
  }
}

// Given dz (N, F, P): dW += col^T dz, db += sum dz, dx += col2im(dz W^T), chunk by
// chunk. Any of dx, dw, db may be null. dW and db are summed per group of
// chunks (reduction_groups: fixed by the chunk count), the groups' partial sums
// added in group order, so the result is the same on any number of threads.
template <int Order>
void conv2d_bwd(const float* x, const float* w, const float* dz, float* dx, float* dw, float* db,
                const ConvDims& d) {
  [[maybe_unused]] const int threads = pass_threads(d);  // (read by the OpenMP directives only)
  const int64_t s_max = chunk_samples(d);
  const int64_t chunks = (d.n + s_max - 1) / s_max;
  const int64_t groups = reduction_groups(chunks);
  const bool rows_order = Order == Eigen::RowMajor;
  // The groups' partial sums of dW (column-major (K, F)) and db.
  GroupPartials dw_part(groups, dw ? d.k * d.f : 0), db_part(groups, db ? d.f : 0);
  TUNET_OMP(parallel num_threads(threads) if (threads > 1 && groups > 1)) {
    Scratch x_hwc(dw && rows_order ? d.hw * d.c : 0), col(dw ? s_max * d.p * d.k : 0),
        dzc(s_max * d.p * d.f), dcol(dx ? s_max * d.p * d.k : 0),
        dx_hwc(dx && rows_order ? d.hw * d.c : 0);
    TUNET_OMP(for schedule(static))
    for (int64_t group = 0; group < groups; ++group) {
      float* dw_acc = dw_part.zeroed(group);
      float* db_acc = db_part.zeroed(group);
      const IndexRange range = group_range(chunks, groups, group);
      for (int64_t chunk = range.begin; chunk < range.end; ++chunk) {
        const int64_t n0 = chunk * s_max, s_count = std::min(s_max, d.n - n0), rows = s_count * d.p;
        // dzc (S*P, F) column-major: filter f's column holds the S samples' P values in turn
        for (int64_t s = 0; s < s_count; ++s)
          for (int64_t f = 0; f < d.f; ++f)
            std::memcpy(dzc.data() + f * rows + s * d.p, dz + ((n0 + s) * d.f + f) * d.p,
                        size_t(d.p) * sizeof(float));
        ConstColMatrixMap dzc_m(dzc.data(), rows, d.f);
        if (dw) {
          fill_columns<Order>(x, d, n0, s_count, col.data(), x_hwc.data());
          // dW (K, F) += col^T (K, S*P) dzc (S*P, F)
          ColMatrixMap(dw_acc, d.k, d.f).noalias() +=
              ConstColumnsMap<Order>(col.data(), rows, d.k).transpose() * dzc_m;
        }
        if (db) Eigen::Map<RowVector>(db_acc, d.f) += dzc_m.colwise().sum();
        if (dx) {
          // dcol (S*P, K) = dzc (S*P, F) W^T (F, K)
          ColumnsMap<Order>(dcol.data(), rows, d.k).noalias() =
              dzc_m * ConstRowMatrixMap(w, d.k, d.f).transpose();
          fold_columns_add<Order>(dcol.data(), d, n0, s_count, dx, dx_hwc.data());
        }
      }
    }
  }
  // dW is (K, F) row-major: the column-major partials transposed
  dw_part.add_in_order([&](int64_t i, float v) { dw[(i % d.k) * d.f + i / d.k] += v; });
  db_part.add_to(db);
}

}  // namespace

void im2col_conv2d_forward(const float* x, const float* w, const float* b, float* z, float* y,
                           ActivationKind activation, const ConvDims& d) {
  if (d.c >= kRowsOrderMinChannels) return conv2d_fwd<Eigen::RowMajor>(x, w, b, z, y, activation, d);
  conv2d_fwd<Eigen::ColMajor>(x, w, b, z, y, activation, d);
}

void im2col_conv2d_backward(const float* x, const float* w, const float* dz, float* dx, float* dw,
                            float* db, const ConvDims& d) {
  if (d.c >= kRowsOrderMinChannels) return conv2d_bwd<Eigen::RowMajor>(x, w, dz, dx, dw, db, d);
  conv2d_bwd<Eigen::ColMajor>(x, w, dz, dx, dw, db, d);
}

}  // namespace tunet::cpu
