// The max_pool2d op: one autograd node through the device's MaxPoolKernels.
// The forward pass keeps, per output, where its maximum was (int32 in-plane
// indices in a float-sized tensor); backward sends each gradient there.
#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/conv_ops.hpp"
#include "core/error.hpp"

namespace tunet {

Tensor max_pool2d(const Tensor& x, int64_t pool_size, int64_t strides, const std::string& padding) {
  check(x.defined() && x.rank() == 4, "max_pool2d: expected x (N, C, H, W), got " +
                                          (x.defined() ? shape_str(x.shape()) : "undefined"));
  const Window2D g =
      make_window("max_pool2d", x.dim(2), x.dim(3), pool_size, pool_size, strides, strides, padding);
  const Device device = x.device();
  const MaxPoolKernels& k = kernel_table<MaxPoolKernels>(device);
  const int64_t planes = x.dim(0) * x.dim(1);
  Tensor y = Tensor::empty({x.dim(0), x.dim(1), g.out_h, g.out_w}, device);
  Tensor argmax;  // inference keeps no indices
  if (!any_requires_grad({&x})) {
    k.forward(x, g, planes, y, argmax);
    return y;
  }
  argmax = Tensor::empty(y.shape(), device);
  k.forward(x, g, planes, y, argmax);
  record(y, "max_pool2d", {x}, [x, argmax, planes, g](const Tensor&, const Tensor& grad_out) {
    bool overwrite = false;
    Tensor dx = grad_tensor_to_write(x, overwrite);
    if (dx.defined())
      kernel_table<MaxPoolKernels>(grad_out.device()).backward(grad_out, argmax, g, planes, overwrite, dx);
  });
  return y;
}

}  // namespace tunet
