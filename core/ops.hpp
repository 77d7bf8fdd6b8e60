#pragma once
// Differentiable tensor ops, on the device their inputs share (an Error names
// the op and the devices when they differ); the result lives there too. Each
// op computes through that device's kernel table (core/backend.hpp): matmul,
// elementwise, reduce or shape; an Error names the family and the device when
// the backend lacks it. Binary elementwise ops broadcast as NumPy does (align
// trailing axes; an axis of extent 1 stretches). Axes may be negative. Every
// op here has a finite-difference test in tests/test_core_autograd.cpp.
#include <vector>

#include "core/tensor.hpp"

namespace tunet {

// ---- linear algebra ----
// (M,K) x (K,N) -> (M,N); (B,M,K) x (B,K,N) -> (B,M,N); (B,M,K) x (K,N) -> (B,M,N).
Tensor matmul(const Tensor& a, const Tensor& b);

// ---- elementwise, broadcasting ----
Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
Tensor neg(const Tensor& a);
Tensor exp(const Tensor& a);
Tensor log(const Tensor& a);
Tensor sqrt(const Tensor& a);
Tensor pow(const Tensor& a, float exponent);

inline Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
inline Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
inline Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
inline Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
inline Tensor operator-(const Tensor& a) { return neg(a); }
// A float operand becomes a scalar tensor on the tensor operand's device.
inline Tensor operator+(const Tensor& a, float b) { return add(a, Tensor::scalar(b, a.device())); }
inline Tensor operator-(const Tensor& a, float b) { return sub(a, Tensor::scalar(b, a.device())); }
inline Tensor operator*(const Tensor& a, float b) { return mul(a, Tensor::scalar(b, a.device())); }
inline Tensor operator/(const Tensor& a, float b) { return div(a, Tensor::scalar(b, a.device())); }
inline Tensor operator*(float a, const Tensor& b) { return mul(Tensor::scalar(a, b.device()), b); }

// ---- reductions (empty axes = all axes) ----
Tensor sum(const Tensor& a, std::vector<int> axes = {}, bool keepdims = false);
Tensor mean(const Tensor& a, std::vector<int> axes = {}, bool keepdims = false);
// Gradient goes to the first maximal element of each reduced group.
Tensor max(const Tensor& a, std::vector<int> axes = {}, bool keepdims = false);

// ---- shape ----
Tensor reshape(const Tensor& a, Shape shape);     // view
Tensor flatten(const Tensor& a, int start_axis = 1);  // (N, C, H, W) -> (N, C*H*W)
Tensor transpose(const Tensor& a, int axis0 = -2, int axis1 = -1);  // copies
Tensor concat(const std::vector<Tensor>& parts, int axis);
Tensor slice(const Tensor& a, int axis, int64_t start, int64_t end);  // [start, end)

// Sums `grad` over the axes broadcasting stretched so it has `shape` again.
Tensor reduce_to_shape(const Tensor& grad, const Shape& shape);

}  // namespace tunet
