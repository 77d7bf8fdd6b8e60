// The CUDA elementwise table: the bodies of cuda/kernels/elementwise_bodies.hpp
// launched on the current device's stream; and the backend's fill.
#include <cmath>

#include "cuda/kernels/elementwise_bodies.hpp"
#include "cuda/launch.cuh"
#include "cuda/tables.hpp"

namespace tunet::cuda {
namespace {

float* optional_ptr(const Tensor& t) { return t.defined() ? device_ptr(t) : nullptr; }

void binary(BinaryOp op, const BroadcastPlan& plan, const Tensor& a, const Tensor& b, Tensor& out) {
  with_binary_op(op, [&](auto op_type) {
    using Op = decltype(op_type);
    if (plan.same)
      launch(plan.count, BinarySameBody<Op>{device_ptr(a), device_ptr(b), device_ptr(out)});
    else
      launch(plan.count, BinaryBroadcastBody<Op>{device_ptr(a), device_ptr(b), device_ptr(out), coalesce(plan)});
  });
}

// d self += the sum, over the outputs that read each element of self, of
// g * dOp/dself (one thread per element of self, or per run of its terms).
template <class Op, bool kSelfIsB>
void broadcast_gradient(const BroadcastPlan& plan, const Tensor& self, const Tensor& other,
                        const Tensor& grad_out, Tensor& dself) {
  const BroadcastGradPlan g = plan_broadcast_gradient(coalesce(plan), kSelfIsB);
  const BroadcastGradTerms<Op, kSelfIsB> terms{device_ptr(self), device_ptr(other), device_ptr(grad_out), g};
  sum_terms(terms, split_sum(g.self_count, g.reduced_count), device_ptr(dself), true);
}

void binary_backward(BinaryOp op, const BroadcastPlan& plan, const Tensor& a, const Tensor& b,
                     const Tensor& grad_out, Tensor& da, Tensor& db) {
  with_binary_op(op, [&](auto op_type) {
    using Op = decltype(op_type);
    if (plan.same) {
      launch(plan.count, BinaryBackwardSameBody<Op>{device_ptr(a), device_ptr(b), device_ptr(grad_out),
                                                    optional_ptr(da), optional_ptr(db)});
      return;
    }
    if (da.defined()) broadcast_gradient<Op, false>(plan, a, b, grad_out, da);
    if (db.defined()) broadcast_gradient<Op, true>(plan, b, a, grad_out, db);
  });
}

void unary(UnaryOp op, float parameter, const Tensor& x, Tensor& y) {
  with_unary_op(op, [&](auto fn) {
    launch(x.numel(), UnaryBody<decltype(fn)>{device_ptr(x), device_ptr(y), parameter});
  });
}

void unary_backward(UnaryOp op, float parameter, const Tensor& x, const Tensor& y, const Tensor& grad_out,
                    Tensor& dx) {
  with_unary_op(op, [&](auto fn) {
    launch(x.numel(), UnaryBackwardBody<decltype(fn)>{device_ptr(x), device_ptr(y), device_ptr(grad_out),
                                                      device_ptr(dx), parameter});
  });
}

}  // namespace

void fill(float* dst, int64_t count, float value) {
  if (value == 0.0f && !std::signbit(value)) {  // all-zero bits: a memset
    check_cuda(cudaMemsetAsync(dst, 0, sizeof(float) * static_cast<size_t>(count), current_stream()),
               "cudaMemsetAsync");
    return;
  }
  launch(count, FillBody{dst, value});
}

const ElementwiseKernels& elementwise_kernels() {
  static const ElementwiseKernels table = {
      .binary = binary,
      .binary_backward = binary_backward,
      .unary = unary,
      .unary_backward = unary_backward,
  };
  return table;
}

}  // namespace tunet::cuda
