// Elementwise ops: broadcasting binary ops and the unary ops of ops.hpp,
// computed by the device's ElementwiseKernels (per-element math in
// core/kernels/arithmetic.hpp).
#include <string>

#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/op_kernels.hpp"
#include "core/ops.hpp"

namespace tunet {

namespace {

// out = a (op) b, broadcast as NumPy does; da += g d(out)/da and db += g
// d(out)/db summed over the broadcast axes (the table walks the same plan).
Tensor binary(BinaryOp op, const char* op_name, const Tensor& a, const Tensor& b) {
  check(a.defined() && b.defined(), std::string(op_name) + ": undefined input tensor");
  const Device device = same_device(op_name, {&a, &b});
  const Shape out_shape = a.shape() == b.shape() ? a.shape() : broadcast_shapes(a.shape(), b.shape(), op_name);
  const BroadcastPlan plan = plan_broadcast(a.shape(), b.shape(), out_shape);
  Tensor out = Tensor::empty(out_shape, device);
  kernel_table<ElementwiseKernels>(device).binary(op, plan, a, b, out);
  if (any_requires_grad({&a, &b})) {
    record(out, op_name, {a, b}, [op, plan, a, b, device](const Tensor&, const Tensor& grad_out) {
      Tensor da = grad_tensor(a), db = grad_tensor(b);
      kernel_table<ElementwiseKernels>(device).binary_backward(op, plan, a, b, grad_out, da, db);
    });
  }
  return out;
}

// y = f(x); dx += g f'(x).
Tensor unary(UnaryOp op, float parameter, const char* op_name, const Tensor& x) {
  check(x.defined(), std::string(op_name) + ": undefined input tensor");
  const Device device = x.device();
  Tensor y = Tensor::empty(x.shape(), device);
  kernel_table<ElementwiseKernels>(device).unary(op, parameter, x, y);
  if (any_requires_grad({&x})) {
    record(y, op_name, {x}, [op, parameter, x, device](const Tensor& out, const Tensor& grad_out) {
      Tensor dx = grad_tensor(x);
      kernel_table<ElementwiseKernels>(device).unary_backward(op, parameter, x, out, grad_out, dx);
    });
  }
  return y;
}

}  // namespace

Tensor add(const Tensor& a, const Tensor& b) { return binary(BinaryOp::Add, "add", a, b); }
Tensor sub(const Tensor& a, const Tensor& b) { return binary(BinaryOp::Sub, "sub", a, b); }
Tensor mul(const Tensor& a, const Tensor& b) { return binary(BinaryOp::Mul, "mul", a, b); }
Tensor div(const Tensor& a, const Tensor& b) { return binary(BinaryOp::Div, "div", a, b); }

Tensor neg(const Tensor& a) { return unary(UnaryOp::Neg, 0.0f, "neg", a); }
Tensor exp(const Tensor& a) { return unary(UnaryOp::Exp, 0.0f, "exp", a); }
Tensor log(const Tensor& a) { return unary(UnaryOp::Log, 0.0f, "log", a); }
Tensor sqrt(const Tensor& a) { return unary(UnaryOp::Sqrt, 0.0f, "sqrt", a); }
Tensor pow(const Tensor& a, float exponent) { return unary(UnaryOp::Pow, exponent, "pow", a); }

}  // namespace tunet
