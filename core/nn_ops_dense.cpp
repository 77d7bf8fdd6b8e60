// The dense op: y = f(x W + b) as one autograd node through the device's
// DenseKernels (GEMM, bias and activation in the backend), the activation's
// gradient through its ActivationKernels.
#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/nn_ops.hpp"

namespace tunet {

Tensor dense(const Tensor& x, const Tensor& kernel, const Tensor& bias, ActivationKind activation) {
  check(x.defined() && kernel.defined() && bias.defined(), "dense: undefined input, kernel or bias");
  if (!(kernel.rank() == 2 && bias.rank() == 1 && bias.dim(0) == kernel.dim(1) && x.rank() >= 1 &&
        x.dim(-1) == kernel.dim(0)))
    throw Error("dense: x " + shape_str(x.shape()) + ", kernel " + shape_str(kernel.shape()) + ", bias " +
                shape_str(bias.shape()) + " do not fit (expected x (..., in), kernel (in, out), bias (out))");
  const Device device = same_device("dense", {&x, &kernel, &bias});
  const DenseKernels& k = kernel_table<DenseKernels>(device);
  Shape out_shape = x.shape();
  out_shape.back() = kernel.dim(1);

  Tensor y = Tensor::empty(out_shape, device);
  const bool needs_z = any_requires_grad({&x, &kernel, &bias}) && activation_needs_input(activation);
  Tensor z = needs_z ? Tensor::empty(out_shape, device) : y;  // pre-activation (y itself when not kept)
  k.forward(x, kernel, bias, activation, z, y);

  // Keep z only when backward needs it (capturing y itself would be a reference cycle).
  Tensor z_saved = needs_z ? z : Tensor();
  record(y, "dense", {x, kernel, bias},
         [x, kernel, bias, z_saved, activation](const Tensor& y_out, const Tensor& grad_out) {
           Tensor dx = grad_tensor(x), dw = grad_tensor(kernel), db = grad_tensor(bias);
           const Tensor dz = activation_input_grad(activation, z_saved, y_out, grad_out);
           kernel_table<DenseKernels>(y_out.device()).backward(x, kernel, dz, dx, dw, db);
         });
  return y;
}

}  // namespace tunet
