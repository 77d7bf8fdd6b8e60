// The activation op: y = f(x) as one autograd node, through the device's
// ActivationKernels; the gradient before a fused activation; and which kinds
// need their input for the gradient.
#include <string>

#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/kernels/activations.hpp"
#include "core/nn_ops.hpp"

namespace tunet {
namespace {

// The length of the axis softmax runs along (the last); 1 for a scalar.
int64_t last_axis(const Tensor& x) { return x.rank() == 0 ? 1 : x.dim(-1); }

}  // namespace

const char* activation_kind_name(ActivationKind kind) {
  const int index = static_cast<int>(kind);
  check(index >= 0 && index < kActivationKinds, "invalid ActivationKind " + std::to_string(index));
  return kernels::kActivationKindInfo[index].name;
}

bool activation_needs_input(ActivationKind kind) {
  const int index = static_cast<int>(kind);
  return index < 0 || index >= kActivationKinds || kernels::kActivationKindInfo[index].needs_input;
}

Tensor activation(const Tensor& x, ActivationKind kind) {
  const char* name = activation_kind_name(kind);
  check(x.defined(), std::string("activation ") + name + ": input tensor is undefined");
  check(kind != ActivationKind::Softmax || x.rank() >= 1, "softmax: needs at least one axis, got a scalar");
  const Device device = same_device(name, {&x});
  const ActivationKernels& k = kernel_table<ActivationKernels>(device);
  const int64_t cols = last_axis(x);
  Tensor y = Tensor::empty(x.shape(), device);
  if (x.numel() > 0) k.forward(kind, x, y, cols);
  record(y, name, {x}, [x, kind](const Tensor& out, const Tensor& grad_out) {
    Tensor dx = grad_tensor(x);
    if (!dx.defined() || x.numel() == 0) return;
    // dz = dy f'(x) into a scratch buffer, then dx += dz (backward functions add)
    const Tensor dz = activation_input_grad(kind, x, out, grad_out);
    const BroadcastPlan plan = plan_broadcast(dx.shape(), dz.shape(), dx.shape());
    kernel_table<ElementwiseKernels>(dx.device()).binary(BinaryOp::Add, plan, dx, dz, dx);
  });
  return y;
}

Tensor activation_input_grad(ActivationKind kind, const Tensor& z, const Tensor& y, const Tensor& dy) {
  if (kind == ActivationKind::Linear) return dy;
  check(z.defined() || !activation_needs_input(kind),
        std::string("activation ") + activation_kind_name(kind) + ": the gradient needs the input z");
  const Device device = same_device(activation_kind_name(kind), {&z, &y, &dy});
  Tensor dz = Tensor::empty(dy.shape(), device);
  kernel_table<ActivationKernels>(device).backward(kind, z, y, dy, dz, last_axis(y));
  return dz;
}

}  // namespace tunet
