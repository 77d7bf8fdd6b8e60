// Reductions. A reduction over one axis sees the input as (outer, n, inner)
// and produces (outer, inner) through the device's ReduceKernels; several
// axes are reduced one after the other.
#include <algorithm>
#include <string>

#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/op_kernels.hpp"
#include "core/ops.hpp"

namespace tunet {

namespace {

AxisSplit split_at(const Shape& shape, int axis) {
  AxisSplit s;
  for (int i = 0; i < axis; ++i) s.outer *= shape[i];
  s.n = shape[axis];
  for (size_t i = axis + 1; i < shape.size(); ++i) s.inner *= shape[i];
  return s;
}

Shape reduced_shape(const Shape& shape, int axis) {
  Shape out = shape;
  out[axis] = 1;
  return out;
}

// Sorted, unique, normalised axes; empty means all.
std::vector<int> resolve_axes(const Tensor& a, std::vector<int> axes, const char* what) {
  if (axes.empty())
    for (int i = 0; i < a.rank(); ++i) axes.push_back(i);
  for (int& axis : axes) axis = normalize_axis(axis, a.rank(), what);
  std::sort(axes.begin(), axes.end());
  check(std::adjacent_find(axes.begin(), axes.end()) == axes.end(),
        std::string(what) + ": an axis is named twice");
  return axes;
}

Shape drop_axes(const Shape& shape, const std::vector<int>& axes) {
  Shape out;
  for (int i = 0; i < static_cast<int>(shape.size()); ++i)
    if (!std::binary_search(axes.begin(), axes.end(), i)) out.push_back(shape[i]);
  return out;
}

// sum over one axis, keepdims: out[o, i] = sum_j a[o, j, i]; da[o, j, i] += g[o, i].
Tensor sum_axis(const Tensor& a, int axis) {
  const AxisSplit s = split_at(a.shape(), axis);
  const Device device = a.device();
  Tensor out = Tensor::empty(reduced_shape(a.shape(), axis), device);
  kernel_table<ReduceKernels>(device).sum_axis(a, s, out);
  if (any_requires_grad({&a})) {
    record(out, "sum", {a}, [a, s, device](const Tensor&, const Tensor& grad_out) {
      Tensor da = grad_tensor(a);
      kernel_table<ReduceKernels>(device).sum_axis_backward(grad_out, s, da);
    });
  }
  return out;
}

// max over one axis, keepdims; the gradient goes to the first maximal element:
// da[o, argmax[o, i], i] += g[o, i].
Tensor max_axis(const Tensor& a, int axis) {
  const AxisSplit s = split_at(a.shape(), axis);
  check(s.n > 0, "max: cannot reduce an empty axis of shape " + shape_str(a.shape()));
  const Device device = a.device();
  const bool needs_grad = any_requires_grad({&a});
  Tensor out = Tensor::empty(reduced_shape(a.shape(), axis), device);
  Tensor argmax = needs_grad ? Tensor::empty(out.shape(), device) : Tensor();  // int32 bits
  kernel_table<ReduceKernels>(device).max_axis(a, s, out, argmax);
  if (needs_grad) {
    record(out, "max", {a}, [a, s, argmax, device](const Tensor&, const Tensor& grad_out) {
      Tensor da = grad_tensor(a);
      kernel_table<ReduceKernels>(device).max_axis_backward(grad_out, argmax, s, da);
    });
  }
  return out;
}

template <class ReduceAxis>
Tensor reduce(const Tensor& a, std::vector<int> axes, bool keepdims, const char* what, ReduceAxis reduce_axis) {
  check(a.defined(), std::string(what) + ": undefined input tensor");
  axes = resolve_axes(a, std::move(axes), what);
  if (a.rank() == 0) return reshape(reduce_axis(reshape(a, {1}), 0), {});  // a single value
  Tensor out = a;
  for (int axis : axes) out = reduce_axis(out, axis);
  return keepdims ? out : reshape(out, drop_axes(a.shape(), axes));
}

}  // namespace

Tensor sum(const Tensor& a, std::vector<int> axes, bool keepdims) {
  return reduce(a, std::move(axes), keepdims, "sum", sum_axis);
}

Tensor mean(const Tensor& a, std::vector<int> axes, bool keepdims) {
  const std::vector<int> resolved = resolve_axes(a, axes, "mean");
  int64_t count = 1;
  for (int axis : resolved) count *= a.dim(axis);
  check(count > 0, "mean: cannot average over an empty axis of shape " + shape_str(a.shape()));
  return sum(a, std::move(axes), keepdims) * (1.0f / static_cast<float>(count));
}

Tensor max(const Tensor& a, std::vector<int> axes, bool keepdims) {
  return reduce(a, std::move(axes), keepdims, "max", max_axis);
}

Tensor reduce_to_shape(const Tensor& grad, const Shape& shape) {
  if (grad.shape() == shape) return grad;
  const int lead = grad.rank() - static_cast<int>(shape.size());
  check(lead >= 0, "reduce_to_shape: cannot reduce " + shape_str(grad.shape()) + " to " + shape_str(shape));
  std::vector<int> axes;
  for (int i = 0; i < grad.rank(); ++i)
    if (i < lead || (shape[i - lead] == 1 && grad.dim(i) != 1)) axes.push_back(i);
  Tensor reduced = axes.empty() ? grad : sum(grad, axes, true);
  return reshape(reduced, shape);
}

}  // namespace tunet
