#pragma once
// Reverse-mode autograd, micrograd-sized. An op computes its output, then calls
// record() with its inputs and a backward function. backward() on a scalar
// sorts the graph (iteratively) and calls each node's function in reverse
// order; a function *adds* into its inputs' gradients, so a tensor used twice
// needs no special case. The graph is freed after the sweep.
//
// Writing an op (e.g. y = exp(x)): outputs and gradients live on the inputs'
// device, and both passes go through that device's kernel table
// (core/backend.hpp), so one op runs on every backend:
//   const Device device = same_device("exp", {&x});
//   Tensor y = Tensor::empty(x.shape(), device);
//   kernel_table<ElementwiseKernels>(device).unary(UnaryOp::Exp, 0, x, y);
//   record(y, "exp", {x}, [x, device](const Tensor& out, const Tensor& dout) {
//     Tensor dx = grad_tensor(x);  // dx += dout * exp(x) = dout * out
//     kernel_table<ElementwiseKernels>(device).unary_backward(UnaryOp::Exp, 0, x, out, dout, dx);
//   });
#include <functional>
#include <vector>

#include "core/tensor.hpp"

namespace tunet {

// (output value, gradient of the loss w.r.t. the output) -> adds into inputs' grads.
using BackwardFn = std::function<void(const Tensor& out, const Tensor& grad_out)>;

struct Node {
  const char* op_name = "";
  std::vector<Tensor> inputs;  // the tensors this node sends gradient to
  BackwardFn backward;
};

// True unless a NoGradGuard is alive on this thread.
bool grad_enabled();

// Inference scope: no graph is recorded, nothing is saved for backward.
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

// True when grad mode is on and any input requires grad: the op must record.
bool any_requires_grad(std::initializer_list<const Tensor*> inputs);
bool any_requires_grad(const std::vector<Tensor>& inputs);

// Attaches `backward` to `out` when any_requires_grad(inputs); otherwise does nothing.
void record(Tensor& out, const char* op_name, std::vector<Tensor> inputs, BackwardFn backward);

// In a backward function: the gradient tensor of `input` to add into, allocated
// zero-filled on the input's device on first use; an undefined Tensor when
// `input` does not require grad.
Tensor grad_tensor(const Tensor& input);

// The same for a backward function that can write every element itself: on first
// use the gradient comes back uninitialised with `overwrite` set (the caller then
// writes, not adds, and the zero fill's pass over memory is saved); otherwise the
// existing gradient, `overwrite` false.
Tensor grad_tensor_to_write(const Tensor& input, bool& overwrite);

}  // namespace tunet
