// Shape ops: reshape and flatten (views), transpose, concat and slice (copies
// through the device's ShapeKernels).
#include <string>
#include <utility>

#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/op_kernels.hpp"
#include "core/ops.hpp"

namespace tunet {

Tensor reshape(const Tensor& a, Shape shape) {
  check(a.defined(), "reshape: undefined input tensor");
  int64_t known = 1;
  int inferred = -1;
  for (int i = 0; i < static_cast<int>(shape.size()); ++i) {
    if (shape[i] == -1) {
      if (inferred >= 0) throw Error("reshape: more than one -1 in " + shape_str(shape));
      inferred = i;
    } else {
      if (shape[i] < 0) throw Error("reshape: negative extent in " + shape_str(shape));
      known *= shape[i];
    }
  }
  if (inferred >= 0) {
    check(known > 0 && a.numel() % known == 0,
          "reshape: cannot infer -1 in " + shape_str(shape) + " for " + std::to_string(a.numel()) + " values");
    shape[inferred] = a.numel() / known;
  }
  if (shape_numel(shape) != a.numel())
    throw Error("reshape: cannot view " + shape_str(a.shape()) + " as " + shape_str(shape) + " (sizes differ)");
  Tensor out = Tensor::view_of(a.storage(), a.offset(), shape);
  if (any_requires_grad({&a})) {
    record(out, "reshape", {a}, [a](const Tensor&, const Tensor& grad_out) {
      Tensor da = grad_tensor(a);  // da += g, element for element
      const int64_t n = a.numel();
      kernel_table<ShapeKernels>(a.device()).copy_rows(grad_out, 0, n, da, 0, n, 1, n, /*accumulate=*/true);
    });
  }
  return out;
}

Tensor flatten(const Tensor& a, int start_axis) {
  start_axis = normalize_axis(start_axis, a.rank(), "flatten");
  Shape shape(a.shape().begin(), a.shape().begin() + start_axis);
  int64_t rest = 1;
  for (int i = start_axis; i < a.rank(); ++i) rest *= a.dim(i);
  shape.push_back(rest);
  return reshape(a, shape);
}

namespace {

// `shape` seen as (outer, n0, middle, n1, inner) around axes axis0 < axis1.
SwapAxes swap_split(const Shape& shape, int axis0, int axis1) {
  SwapAxes s;
  for (int i = 0; i < axis0; ++i) s.outer *= shape[i];
  s.n0 = shape[axis0];
  for (int i = axis0 + 1; i < axis1; ++i) s.middle *= shape[i];
  s.n1 = shape[axis1];
  for (size_t i = axis1 + 1; i < shape.size(); ++i) s.inner *= shape[i];
  return s;
}

int64_t outer_extent(const Shape& shape, int axis) {
  int64_t outer = 1;
  for (int i = 0; i < axis; ++i) outer *= shape[i];
  return outer;
}

int64_t inner_extent(const Shape& shape, int axis) {
  int64_t inner = 1;
  for (size_t i = axis + 1; i < shape.size(); ++i) inner *= shape[i];
  return inner;
}

}  // namespace

Tensor transpose(const Tensor& a, int axis0, int axis1) {
  check(a.defined(), "transpose: undefined input tensor");
  axis0 = normalize_axis(axis0, a.rank(), "transpose");
  axis1 = normalize_axis(axis1, a.rank(), "transpose");
  if (axis0 == axis1) return a;
  if (axis0 > axis1) std::swap(axis0, axis1);
  const Device device = a.device();
  Shape shape = a.shape();
  std::swap(shape[axis0], shape[axis1]);
  Tensor out = Tensor::empty(shape, device);
  kernel_table<ShapeKernels>(device).swap_axes(a, swap_split(a.shape(), axis0, axis1), out, false);
  if (any_requires_grad({&a})) {
    const SwapAxes back = swap_split(shape, axis0, axis1);  // da += the gradient, axes swapped back
    record(out, "transpose", {a}, [a, back, device](const Tensor&, const Tensor& grad_out) {
      Tensor da = grad_tensor(a);
      kernel_table<ShapeKernels>(device).swap_axes(grad_out, back, da, /*accumulate=*/true);
    });
  }
  return out;
}

// Along `axis`, every part is a block of `outer` rows of width (extent * inner)
// in the output's rows of width (total extent * inner).
Tensor concat(const std::vector<Tensor>& parts, int axis) {
  check(!parts.empty(), "concat: no tensors given");
  const Shape& first = parts.front().shape();
  axis = normalize_axis(axis, static_cast<int>(first.size()), "concat");
  Shape shape = first;
  shape[axis] = 0;
  for (const Tensor& part : parts) {
    Shape expected = first;
    expected[axis] = part.shape().size() == first.size() ? part.dim(axis) : -1;
    if (part.shape() != expected)
      throw Error("concat: shape " + shape_str(part.shape()) + " does not fit " + shape_str(first) + " along axis " +
                  std::to_string(axis));
    same_device("concat", {&parts.front(), &part});
    shape[axis] += part.dim(axis);
  }
  const Device device = parts.front().device();
  const ShapeKernels& k = kernel_table<ShapeKernels>(device);
  Tensor out = Tensor::empty(shape, device);
  const int64_t outer = outer_extent(shape, axis), inner = inner_extent(shape, axis);
  const int64_t out_pitch = shape[axis] * inner;
  int64_t column = 0;
  for (const Tensor& part : parts) {
    const int64_t width = part.dim(axis) * inner;
    k.copy_rows(part, 0, width, out, column, out_pitch, outer, width, false);
    column += width;
  }
  if (any_requires_grad(parts)) {
    // d part += its block of the gradient.
    record(out, "concat", parts, [parts, outer, inner, out_pitch, axis, device](const Tensor&,
                                                                                 const Tensor& grad_out) {
      const ShapeKernels& k = kernel_table<ShapeKernels>(device);
      int64_t column = 0;
      for (const Tensor& part : parts) {
        const int64_t width = part.dim(axis) * inner;
        if (Tensor dp = grad_tensor(part); dp.defined())
          k.copy_rows(grad_out, column, out_pitch, dp, 0, width, outer, width, /*accumulate=*/true);
        column += width;
      }
    });
  }
  return out;
}

Tensor slice(const Tensor& a, int axis, int64_t start, int64_t end) {
  check(a.defined(), "slice: undefined input tensor");
  axis = normalize_axis(axis, a.rank(), "slice");
  const int64_t extent = a.dim(axis);
  check(0 <= start && start <= end && end <= extent,
        "slice: range [" + std::to_string(start) + ", " + std::to_string(end) + ") is outside axis " +
            std::to_string(axis) + " of shape " + shape_str(a.shape()));
  const Device device = a.device();
  Shape shape = a.shape();
  shape[axis] = end - start;
  Tensor out = Tensor::empty(shape, device);
  const int64_t outer = outer_extent(shape, axis), inner = inner_extent(shape, axis);
  const int64_t width = (end - start) * inner, pitch = extent * inner, offset = start * inner;
  kernel_table<ShapeKernels>(device).copy_rows(a, offset, pitch, out, 0, width, outer, width, false);
  if (any_requires_grad({&a})) {
    // da[rows, start:end] += g
    record(out, "slice", {a}, [a, outer, offset, width, pitch, device](const Tensor&, const Tensor& grad_out) {
      Tensor da = grad_tensor(a);
      kernel_table<ShapeKernels>(device).copy_rows(grad_out, 0, width, da, offset, pitch, outer, width, true);
    });
  }
  return out;
}

}  // namespace tunet
