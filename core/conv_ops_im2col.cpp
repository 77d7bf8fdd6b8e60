// The im2col and col2im ops through the device's Conv2dKernels. They are each
// other's adjoint, so each one's gradient is the other applied to the output
// gradient: d im2col = col2im(g), d col2im = im2col(g).
#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/conv_ops.hpp"
#include "core/error.hpp"

namespace tunet {
namespace {

// The sizes of a KH x KW window sliding over planes of x_shape (one "filter").
ConvDims window_dims(const char* op, const Shape& x_shape, int64_t kernel_h, int64_t kernel_w,
                     int64_t strides, const std::string& padding) {
  check(x_shape.size() == 4, std::string(op) + ": expected x (N, C, H, W), got " + shape_str(x_shape));
  return conv_dims(op, x_shape, {kernel_h, kernel_w, x_shape[1], 1}, strides, padding);
}

}  // namespace

Tensor im2col(const Tensor& x, int64_t kernel_h, int64_t kernel_w, int64_t strides,
              const std::string& padding) {
  check(x.defined(), "im2col: x is undefined");
  const ConvDims d = window_dims("im2col", x.shape(), kernel_h, kernel_w, strides, padding);
  const Device device = x.device();
  const Conv2dKernels& k = kernel_table<Conv2dKernels>(device);
  Tensor cols = Tensor::empty({d.n * d.p, d.k}, device);
  if (cols.numel() > 0) k.im2col(x, d, cols);
  record(cols, "im2col", {x}, [x, d](const Tensor&, const Tensor& grad_out) {
    Tensor dx = grad_tensor(x);
    if (dx.defined() && grad_out.numel() > 0) kernel_table<Conv2dKernels>(dx.device()).col2im(grad_out, d, dx);
  });
  return cols;
}

Tensor col2im(const Tensor& cols, const Shape& x_shape, int64_t kernel_h, int64_t kernel_w,
              int64_t strides, const std::string& padding) {
  check(cols.defined(), "col2im: cols is undefined");
  const ConvDims d = window_dims("col2im", x_shape, kernel_h, kernel_w, strides, padding);
  check(cols.shape() == Shape{d.n * d.p, d.k},
        "col2im: cols " + shape_str(cols.shape()) + " do not fit x " + shape_str(x_shape) +
            " and a " + std::to_string(kernel_h) + "x" + std::to_string(kernel_w) +
            " window (expected " + shape_str({d.n * d.p, d.k}) + ")");
  const Device device = cols.device();
  const Conv2dKernels& k = kernel_table<Conv2dKernels>(device);
  Tensor x = Tensor::zeros(x_shape, device);
  if (cols.numel() > 0) k.col2im(cols, d, x);
  record(x, "col2im", {cols}, [cols, d](const Tensor&, const Tensor& grad_out) {
    Tensor dcols = grad_tensor(cols);
    if (!dcols.defined() || dcols.numel() == 0) return;
    // dcols += im2col(g): the table's im2col overwrites, so into a buffer first
    Tensor g_cols = Tensor::empty(dcols.shape(), dcols.device());
    kernel_table<Conv2dKernels>(dcols.device()).im2col(grad_out, d, g_cols);
    const BroadcastPlan plan = plan_broadcast(dcols.shape(), g_cols.shape(), dcols.shape());
    kernel_table<ElementwiseKernels>(dcols.device()).binary(BinaryOp::Add, plan, dcols, g_cols, dcols);
  });
  return x;
}

}  // namespace tunet
