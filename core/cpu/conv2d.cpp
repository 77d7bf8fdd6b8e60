// Conv2dKernels::cpu(): the CPU's three convolution algorithms behind one table.
// Auto picks by shape, each where it was measured fastest (bench/gbench_layers,
// forward + backward at an MNIST CNN's layers: Winograd 2.7x and direct 1.3x
// faster than im2col there):
//   Winograd (core/cpu/winograd_conv.hpp): stride 1, square 3x3 to 5x5 kernels,
//     >= 8 input channels; keeps its transformed input for the kernel gradient.
//   direct (core/cpu/direct_conv.hpp): stride 1, <= 4 input channels, kernels
//     at most 7 wide (a first layer); its input gradient goes through im2col.
//   im2col + GEMM (core/cpu/im2col_conv.hpp): every shape.
#include <algorithm>

#include "core/cpu/direct_conv.hpp"
#include "core/cpu/im2col.hpp"
#include "core/cpu/im2col_conv.hpp"
#include "core/cpu/scratch.hpp"
#include "core/cpu/winograd_conv.hpp"
#include "core/nn_ops.hpp"
#include "core/op_kernels.hpp"
#include "core/parallel.hpp"

namespace tunet {
namespace {

ConvAlgorithm choose_algorithm(const ConvDims& d) {
  if (cpu::winograd_applies(d)) return ConvAlgorithm::Winograd;
  if (cpu::direct_conv_applies(d)) return ConvAlgorithm::Direct;
  return ConvAlgorithm::Im2col;
}

bool algorithm_applies(ConvAlgorithm algorithm, const ConvDims& d) {
  switch (algorithm) {
    case ConvAlgorithm::Winograd: return cpu::winograd_applies(d);
    case ConvAlgorithm::Direct: return cpu::direct_conv_applies(d);
    case ConvAlgorithm::Im2col:
    case ConvAlgorithm::Auto: return true;
  }
  return false;
}

// A gradient the caller does not want is an undefined tensor: a null pointer here.
float* data_or_null(const Tensor& t) { return t.defined() ? t.data_ptr() : nullptr; }

void conv2d_fwd(ConvAlgorithm algorithm, const Tensor& x, const Tensor& w, const Tensor& b,
                ActivationKind activation, const ConvDims& d, Tensor& z, Tensor& y) {
  switch (algorithm) {
    case ConvAlgorithm::Winograd:
      return cpu::winograd_conv2d_forward(x.data_ptr(), w.data_ptr(), b.data_ptr(), z.data_ptr(),
                                          y.data_ptr(), activation, d);
    case ConvAlgorithm::Direct:
      return cpu::direct_conv2d_forward(x.data_ptr(), w.data_ptr(), b.data_ptr(), z.data_ptr(),
                                        y.data_ptr(), activation, d);
    case ConvAlgorithm::Im2col:
    default:  // (Auto never reaches the table: the op resolves it)
      return cpu::im2col_conv2d_forward(x.data_ptr(), w.data_ptr(), b.data_ptr(), z.data_ptr(),
                                        y.data_ptr(), activation, d);
  }
}

// Winograd and the direct kernel form dz a sample at a time as they read it;
// im2col multiplies the whole dz tensor, made first.
void conv2d_bwd(ConvAlgorithm algorithm, const Tensor& x, const Tensor& w, const ConvOutputGrad& grad,
                const ConvDims& d, Tensor& dx, Tensor& dw, Tensor& db) {
  float *dx_p = data_or_null(dx), *dw_p = data_or_null(dw), *db_p = data_or_null(db);
  const cpu::OutputGrad dz{grad.activation, data_or_null(grad.z), data_or_null(grad.y), grad.dy.data_ptr(),
                           d.f * d.win.out_h, d.win.out_w};
  const auto whole_dz = [&] { return activation_input_grad(grad.activation, grad.z, grad.y, grad.dy); };
  switch (algorithm) {
    case ConvAlgorithm::Winograd:
      return cpu::winograd_conv2d_backward(x.data_ptr(), w.data_ptr(), dz, dx_p, dw_p, db_p, d);
    case ConvAlgorithm::Direct:
      cpu::direct_conv2d_weight_grad(x.data_ptr(), dz, dw_p, db_p, d);
      if (dx_p)  // the input gradient of a first layer is rarely wanted: im2col's col2im
        cpu::im2col_conv2d_backward(x.data_ptr(), w.data_ptr(), whole_dz().data_ptr(), dx_p, nullptr,
                                    nullptr, d);
      return;
    case ConvAlgorithm::Im2col:
    default:
      return cpu::im2col_conv2d_backward(x.data_ptr(), w.data_ptr(), whole_dz().data_ptr(), dx_p, dw_p,
                                         db_p, d);
  }
}

// Threads for a pass over all N samples of the im2col matrix (N*P*K floats).
int im2col_threads(const ConvDims& d) {
  return d.n > 1 && d.n * d.p * d.k >= kParallelMinElements ? num_threads() : 1;
}

// cols (N*P, K) row-major: sample n's (P, K) block from x_n transposed to (H, W, C).
void im2col_fwd(const Tensor& x, const ConvDims& d, Tensor& cols) {
  const float* xp = x.data_ptr();
  float* col = cols.data_ptr();
  [[maybe_unused]] const int threads = im2col_threads(d);  // (read by the OpenMP directives only)
  TUNET_OMP(parallel num_threads(threads) if (threads > 1)) {
    cpu::Scratch x_hwc(d.hw * d.c);
    TUNET_OMP(for schedule(static))
    for (int64_t n = 0; n < d.n; ++n) {
      cpu::chw_to_hwc(xp + n * d.c * d.hw, x_hwc.data(), d.c, d.hw);
      cpu::im2col_rows(x_hwc.data(), d, col + n * d.p * d.k);
    }
  }
}

// dx_n += sample n's (P, K) block of cols folded back onto the (H, W, C) plane, transposed.
void col2im_add(const Tensor& cols, const ConvDims& d, Tensor& dx) {
  const float* col = cols.data_ptr();
  float* dxp = dx.data_ptr();
  [[maybe_unused]] const int threads = im2col_threads(d);  // (read by the OpenMP directives only)
  TUNET_OMP(parallel num_threads(threads) if (threads > 1)) {
    cpu::Scratch dx_hwc(d.hw * d.c);
    TUNET_OMP(for schedule(static))
    for (int64_t n = 0; n < d.n; ++n) {
      std::fill(dx_hwc.data(), dx_hwc.data() + d.hw * d.c, 0.0f);
      cpu::col2im_rows_add(col + n * d.p * d.k, d, dx_hwc.data());
      cpu::hwc_add_to_chw(dx_hwc.data(), dxp + n * d.c * d.hw, d.c, d.hw);
    }
  }
}

}  // namespace

const Conv2dKernels& Conv2dKernels::cpu() {
  static const Conv2dKernels table{.choose = choose_algorithm,
                                   .applies = algorithm_applies,
                                   .forward = conv2d_fwd,
                                   .backward = conv2d_bwd,
                                   .im2col = im2col_fwd,
                                   .col2im = col2im_add};
  return table;
}

}  // namespace tunet
