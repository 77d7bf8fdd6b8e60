#pragma once
// im2col and col2im for the CPU conv2d kernels (core/cpu/conv2d.cpp).
//
// Dimensions: C input channels, H x W input plane, KH x KW window, OH x OW
// output plane, P = OH*OW output positions, K = KH*KW*C. The im2col matrix of
// S samples is (S*P, K): row s*P + oh*OW + ow holds the inputs under the window
// at (oh, ow), ordered k = (kh*KW + kw)*C + c like Keras's kernel (KH, KW, C, F),
// so the kernel is already the (K, F) GEMM operand. Outside the plane: zeros.
//
// Two storage orders of that matrix, for two kinds of layers:
//   planes (column-major, leading dimension ld = S*P): filled straight from the
//     NCHW planes; every copy is a run along one input row. Best for few
//     channels (the first layer: C = 1).
//   rows (row-major): filled from the sample transposed to (H, W, C); every
//     window row is one contiguous run of KW*C floats. Best for many channels.
#include <cstdint>

#include "core/window.hpp"

namespace tunet::cpu {

// Threads for one pass of a convolution over d: 1 below kParallelMinMacs
// multiply-adds (starting the team costs more than it saves: a 2-core
// fork/join is a few microseconds), else all of them.
inline constexpr int64_t kParallelMinMacs = int64_t(1) << 20;
int pass_threads(const ConvDims& d);

// ---- planes order: element (row, k) at col[k*ld + row] ----
// Rows column0 .. column0 + P of col from one sample x_s (C, H, W).
void im2col_planes(const float* x_s, const ConvDims& d, float* col, int64_t ld, int64_t column0);
// dx_s (C, H, W) += those rows of dcol folded back onto the planes.
void col2im_planes_add(const float* dcol, const ConvDims& d, int64_t ld, int64_t column0,
                       float* dx_s);

// ---- rows order: element (row, k) at col[row*K + k], one sample's P rows ----
void chw_to_hwc(const float* src, float* dst, int64_t c, int64_t hw);      // dst (HW, C) = src^T
void hwc_add_to_chw(const float* src, float* dst, int64_t c, int64_t hw);  // dst (C, HW) += src^T
// col (P, K) from one sample x_hwc (H, W, C).
void im2col_rows(const float* x_hwc, const ConvDims& d, float* col);
// dx_hwc (H, W, C) += dcol (P, K) folded back onto the plane.
void col2im_rows_add(const float* dcol, const ConvDims& d, float* dx_hwc);

}  // namespace tunet::cpu
