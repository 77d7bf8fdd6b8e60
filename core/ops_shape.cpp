// Shape ops: reshape and flatten (views), transpose, concat and slice (copies).
#include <cstring>

#include "core/autograd.hpp"
#include "core/error.hpp"
#include "core/ops.hpp"

namespace tunet {

Tensor reshape(const Tensor& a, Shape shape) {
  check(a.defined(), "reshape: undefined input tensor");
  int64_t known = 1;
  int inferred = -1;
  for (int i = 0; i < static_cast<int>(shape.size()); ++i) {
    if (shape[i] == -1) {
      check(inferred < 0, "reshape: more than one -1 in " + shape_str(shape));
      inferred = i;
    } else {
      check(shape[i] >= 0, "reshape: negative extent in " + shape_str(shape));
      known *= shape[i];
    }
  }
  if (inferred >= 0) {
    check(known > 0 && a.numel() % known == 0,
          "reshape: cannot infer -1 in " + shape_str(shape) + " for " + std::to_string(a.numel()) + " values");
    shape[inferred] = a.numel() / known;
  }
  check(shape_numel(shape) == a.numel(),
        "reshape: cannot view " + shape_str(a.shape()) + " as " + shape_str(shape) + " (sizes differ)");
  Tensor out = Tensor::view_of(a.storage(), a.offset(), shape);
  if (any_requires_grad({&a})) {
    record(out, "reshape", {a}, [a](const Tensor&, const Tensor& grad_out) {
      float* da = grad_buffer(a);
      const float* g = grad_out.data();
      for (int64_t i = 0; i < a.numel(); ++i) da[i] += g[i];
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

// Copies `in` into `out` with axes `axis0` and `axis1` swapped. Dimensions seen
// as (outer, d0, middle, d1, inner) with axis0 < axis1.
void swap_axes_copy(const float* in, float* out, const Shape& shape, int axis0, int axis1, bool accumulate) {
  int64_t outer = 1, middle = 1, inner = 1;
  for (int i = 0; i < axis0; ++i) outer *= shape[i];
  for (int i = axis0 + 1; i < axis1; ++i) middle *= shape[i];
  for (size_t i = axis1 + 1; i < shape.size(); ++i) inner *= shape[i];
  const int64_t d0 = shape[axis0], d1 = shape[axis1];
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < d0; ++i)
      for (int64_t m = 0; m < middle; ++m)
        for (int64_t j = 0; j < d1; ++j) {
          const float* src = in + (((o * d0 + i) * middle + m) * d1 + j) * inner;
          float* dst = out + (((o * d1 + j) * middle + m) * d0 + i) * inner;
          for (int64_t k = 0; k < inner; ++k) accumulate ? dst[k] += src[k] : dst[k] = src[k];
        }
}

}  // namespace

Tensor transpose(const Tensor& a, int axis0, int axis1) {
  check(a.defined(), "transpose: undefined input tensor");
  axis0 = normalize_axis(axis0, a.rank(), "transpose");
  axis1 = normalize_axis(axis1, a.rank(), "transpose");
  if (axis0 == axis1) return a;
  if (axis0 > axis1) std::swap(axis0, axis1);
  Shape shape = a.shape();
  std::swap(shape[axis0], shape[axis1]);
  Tensor out = Tensor::empty(shape);
  swap_axes_copy(a.data(), out.data(), a.shape(), axis0, axis1, false);
  if (any_requires_grad({&a})) {
    record(out, "transpose", {a}, [a, axis0, axis1](const Tensor& result, const Tensor& grad_out) {
      swap_axes_copy(grad_out.data(), grad_buffer(a), result.shape(), axis0, axis1, true);
    });
  }
  return out;
}

namespace {

// Copies a block of `rows` rows of `width` floats between buffers with different row pitches.
void copy_rows(const float* src, int64_t src_pitch, float* dst, int64_t dst_pitch, int64_t rows, int64_t width,
               bool accumulate) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* s = src + r * src_pitch;
    float* d = dst + r * dst_pitch;
    if (accumulate)
      for (int64_t k = 0; k < width; ++k) d[k] += s[k];
    else
      std::memcpy(d, s, sizeof(float) * width);
  }
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

Tensor concat(const std::vector<Tensor>& parts, int axis) {
  check(!parts.empty(), "concat: no tensors given");
  const Shape& first = parts.front().shape();
  axis = normalize_axis(axis, static_cast<int>(first.size()), "concat");
  Shape shape = first;
  shape[axis] = 0;
  for (const Tensor& part : parts) {
    Shape expected = first;
    expected[axis] = part.shape().size() == first.size() ? part.dim(axis) : -1;
    check(part.shape() == expected, "concat: shape " + shape_str(part.shape()) + " does not fit " +
                                        shape_str(first) + " along axis " + std::to_string(axis));
    shape[axis] += part.dim(axis);
  }
  Tensor out = Tensor::empty(shape);
  const int64_t outer = outer_extent(shape, axis), inner = inner_extent(shape, axis);
  const int64_t out_pitch = shape[axis] * inner;
  int64_t column = 0;
  for (const Tensor& part : parts) {
    const int64_t width = part.dim(axis) * inner;
    copy_rows(part.data(), width, out.data() + column, out_pitch, outer, width, false);
    column += width;
  }
  if (any_requires_grad(parts)) {
    record(out, "concat", parts, [parts, outer, inner, out_pitch, axis](const Tensor&, const Tensor& grad_out) {
      int64_t column = 0;
      for (const Tensor& part : parts) {
        const int64_t width = part.dim(axis) * inner;
        if (float* dp = grad_buffer(part))
          copy_rows(grad_out.data() + column, out_pitch, dp, width, outer, width, true);
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
  Shape shape = a.shape();
  shape[axis] = end - start;
  Tensor out = Tensor::empty(shape);
  const int64_t outer = outer_extent(shape, axis), inner = inner_extent(shape, axis);
  const int64_t width = (end - start) * inner, pitch = extent * inner;
  copy_rows(a.data() + start * inner, pitch, out.data(), width, outer, width, false);
  if (any_requires_grad({&a})) {
    record(out, "slice", {a}, [a, outer, inner, start, width, pitch](const Tensor&, const Tensor& grad_out) {
      copy_rows(grad_out.data(), width, grad_buffer(a) + start * inner, pitch, outer, width, true);
    });
  }
  return out;
}

}  // namespace tunet
