// The conv2d op: one autograd node y = f(conv(x, W) + b) through the device's
// Conv2dKernels, with the algorithm resolved once at the forward pass and used
// again by the backward pass. The backward pass gets x, the kernel and the
// output (z too when f' needs it), nothing else from the forward: the CPU's
// Winograd backward transforms each chunk's input again rather than keep the
// batch's V (core/cpu/winograd_conv.cpp).
#include "core/conv_ops.hpp"

#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/nn_ops.hpp"

namespace tunet {
namespace {

struct NamedAlgorithm {
  const char* name;
  ConvAlgorithm algorithm;
};
constexpr NamedAlgorithm kAlgorithms[] = {
    {"auto", ConvAlgorithm::Auto},
    {"im2col", ConvAlgorithm::Im2col},
    {"winograd", ConvAlgorithm::Winograd},
    {"direct", ConvAlgorithm::Direct},
};

// "x (2, 16, 14, 14), 5x5 kernel, 36 filters, stride 1"
std::string describe(const ConvDims& d) {
  return "x " + shape_str({d.n, d.c, d.win.in_h, d.win.in_w}) + ", " +
         std::to_string(d.win.kernel_h) + "x" + std::to_string(d.win.kernel_w) + " kernel, " +
         std::to_string(d.f) + " filters, stride " + std::to_string(d.win.stride_h);
}

}  // namespace

const char* conv_algorithm_name(ConvAlgorithm algorithm) {
  for (const NamedAlgorithm& entry : kAlgorithms)
    if (entry.algorithm == algorithm) return entry.name;
  throw Error("invalid ConvAlgorithm " + std::to_string(int(algorithm)));
}

std::vector<std::string> conv_algorithm_names() {
  std::vector<std::string> names;
  for (const NamedAlgorithm& entry : kAlgorithms) names.emplace_back(entry.name);
  return names;
}

ConvAlgorithm parse_conv_algorithm(const std::string& name) {
  for (const NamedAlgorithm& entry : kAlgorithms)
    if (name == entry.name) return entry.algorithm;
  std::string valid;
  for (const std::string& n : conv_algorithm_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw Error("unknown convolution algorithm '" + name + "'; valid names: " + valid);
}

ConvDims conv_dims(const char* op, const Shape& x, const Shape& kernel, int64_t strides,
                   const std::string& padding) {
  check(x.size() == 4 && kernel.size() == 4 && kernel[2] == x[1],
        std::string(op) + ": x " + shape_str(x) + " and kernel " + shape_str(kernel) +
            " do not fit (expected x (N, C, H, W), kernel (KH, KW, C, F))");
  ConvDims d;
  d.win = make_window(op, x[2], x[3], kernel[0], kernel[1], strides, strides, padding);
  d.n = x[0];
  d.c = x[1];
  d.f = kernel[3];
  d.hw = x[2] * x[3];
  d.p = d.win.out_h * d.win.out_w;
  d.k = kernel[0] * kernel[1] * d.c;
  return d;
}

ConvAlgorithm resolve_conv_algorithm(Device device, const ConvDims& d, ConvAlgorithm requested) {
  const Conv2dKernels& k = kernel_table<Conv2dKernels>(device);
  if (requested == ConvAlgorithm::Auto) return k.choose(d);
  if (k.applies(requested, d)) return requested;
  std::string usable;
  for (const NamedAlgorithm& entry : kAlgorithms)
    if (entry.algorithm != ConvAlgorithm::Auto && k.applies(entry.algorithm, d))
      usable += (usable.empty() ? "" : ", ") + std::string(entry.name);
  throw Error(std::string("conv2d: algorithm '") + conv_algorithm_name(requested) +
              "' does not apply to " + describe(d) + " on " + device.str() +
              "; algorithms that apply there: " + (usable.empty() ? "none" : usable));
}

Tensor conv2d(const Tensor& x, const Tensor& kernel, const Tensor& bias, int64_t strides,
              const std::string& padding, ActivationKind activation, ConvAlgorithm algorithm) {
  check(x.defined() && kernel.defined() && bias.defined(),
        "conv2d: undefined input, kernel or bias");
  check(x.rank() == 4 && kernel.rank() == 4 && bias.rank() == 1 && kernel.dim(2) == x.dim(1) &&
            bias.dim(0) == kernel.dim(3),
        "conv2d: x " + shape_str(x.shape()) + ", kernel " + shape_str(kernel.shape()) + ", bias " +
            shape_str(bias.shape()) +
            " do not fit (expected x (N, C, H, W), kernel (KH, KW, C, F), bias (F))");
  const Device device = same_device("conv2d", {&x, &kernel, &bias});
  const ConvDims d = conv_dims("conv2d", x.shape(), kernel.shape(), strides, padding);
  const ConvAlgorithm chosen = resolve_conv_algorithm(device, d, algorithm);

  const Shape out_shape{d.n, d.f, d.win.out_h, d.win.out_w};
  Tensor y = Tensor::empty(out_shape, device);
  const bool grad = any_requires_grad({&x, &kernel, &bias});
  const bool needs_z = grad && activation_needs_input(activation);
  Tensor z = needs_z ? Tensor::empty(out_shape, device) : y;  // pre-activation
  if (d.n > 0) kernel_table<Conv2dKernels>(device).forward(chosen, x, kernel, bias, activation, d, z, y);
  if (!grad) return y;

  // Keep z only when backward needs it (capturing y itself would be a reference cycle).
  Tensor z_saved = needs_z ? z : Tensor();
  record(y, "conv2d", {x, kernel, bias},
         [x, kernel, bias, z_saved, activation, d, chosen](const Tensor& y_out, const Tensor& grad_out) {
           if (d.n == 0) return;
           // dz = dy f'(z) (along the last axis, OW, as in the forward pass), formed by the kernel
           const ConvOutputGrad output_grad{grad_out, z_saved,
                                            activation == ActivationKind::Linear ? Tensor() : y_out, activation};
           Tensor dx = grad_tensor(x), dw = grad_tensor(kernel), db = grad_tensor(bias);
           kernel_table<Conv2dKernels>(y_out.device())
               .backward(chosen, x, kernel, output_grad, d, dx, dw, db);
         });
  return y;
}

}  // namespace tunet
