// The dropout op: y = x * mask, the mask drawn by the device's DropoutKernels
// from the Rng's next values, the product and its gradient by the
// elementwise kernels.
#include <string>

#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/nn_ops.hpp"

namespace tunet {

Tensor dropout(const Tensor& x, double rate, Rng& rng) {
  check(x.defined(), "dropout: input tensor is undefined");
  check(rate >= 0 && rate < 1, "dropout: rate must be in [0, 1), got " + std::to_string(rate));
  if (rate == 0) return x;
  const Device device = same_device("dropout", {&x});
  // mask = [u < 1 - rate] / (1 - rate): the kept elements' scale folded in
  Tensor mask = Tensor::empty(x.shape(), device);
  const RngState at = rng.reserve(x.numel());
  kernel_table<DropoutKernels>(device).mask(at.seed, at.stream, at.position, float(1 - rate), float(1 / (1 - rate)),
                                       mask);
  const ElementwiseKernels& k = kernel_table<ElementwiseKernels>(device);
  const BroadcastPlan plan = plan_broadcast(x.shape(), mask.shape(), x.shape());
  Tensor y = Tensor::empty(x.shape(), device);
  k.binary(BinaryOp::Mul, plan, x, mask, y);
  record(y, "dropout", {x}, [x, mask, plan](const Tensor&, const Tensor& grad_out) {
    Tensor dx = grad_tensor(x);
    if (!dx.defined()) return;
    Tensor no_grad;  // the mask is a constant
    kernel_table<ElementwiseKernels>(dx.device()).binary_backward(BinaryOp::Mul, plan, x, mask, grad_out, dx, no_grad);
  });
  return y;
}

}  // namespace tunet
