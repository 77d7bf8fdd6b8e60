#pragma once
// The kernel tables: what a backend implements, one struct per family of ops.
// The differentiable ops (core/ops.hpp, core/nn_ops.hpp) allocate their
// outputs, then call these; every gradient argument ADDS into its buffer
// (autograd accumulates), every other output is overwritten. A pointer or
// tensor argument documented "may be null / undefined" means "not wanted".
// Tensors passed here are contiguous and on the backend's device; their values
// are reached with Tensor::data_ptr().
//
// The CPU tables are in core/cpu/, the CUDA ones in cuda/. A backend supports
// a family when it registers a table for it (core/backend.hpp).
#include <cstdint>
#include <string>

#include "core/kernels/activations.hpp"
#include "core/kernels/arithmetic.hpp"
#include "core/kernels/optimizer_updates.hpp"
#include "core/tensor.hpp"
#include "core/window.hpp"

namespace tunet {

// ---- enums shared by the ops, the backends and the layers ----

// BinaryOp and UnaryOp are in core/kernels/arithmetic.hpp, ActivationKind in
// core/kernels/activations.hpp, OptimizerKind in core/kernels/optimizer_updates.hpp:
// each kind with its per-element math and its dispatch, which every backend shares.

// How a convolution is computed. Auto lets the backend choose by shape
// (Conv2dKernels::choose); the others force one algorithm, and an algorithm a
// backend lacks, or one that does not apply to the shape, is an Error.
enum class ConvAlgorithm { Auto, Im2col, Winograd, Direct };

// The losses, each the mean over the batch (nn/losses.hpp has the formulas).
enum class LossKind {
  CategoricalCrossentropy,        // probabilities, one-hot / soft targets
  SparseCategoricalCrossentropy,  // probabilities, class ids
  BinaryCrossentropy,             // probabilities
  MeanSquaredError,
  SoftmaxCrossentropyFromLogits,        // fused: logits, one-hot / soft targets
  SparseSoftmaxCrossentropyFromLogits,  // fused: logits, class ids
  SigmoidBinaryCrossentropyFromLogits,  // fused: logits
};

// ---- linear algebra ----

// C = op(A) op(B) (+ C when accumulate), row-major, `batch` products at the
// given strides (floats) apart; op(X) = X^T when the transpose flag is set.
// A is (M, K) after op, B is (K, N) after op, C is (M, N).
struct GemmArgs {
  const float* a = nullptr;
  const float* b = nullptr;
  float* c = nullptr;
  int64_t m = 0, n = 0, k = 0;
  bool transpose_a = false, transpose_b = false;
  bool accumulate = false;
  int64_t batch = 1;
  int64_t stride_a = 0, stride_b = 0, stride_c = 0;
};

struct MatmulKernels {
  static constexpr const char* kOp = "matmul";
  static const MatmulKernels& cpu();
  void (*gemm)(const GemmArgs& args, Device device);
  // The GEMM's micro-kernel ("avx512 14x32", build_info's cpu_kernel); null: nothing to say.
  std::string (*kernel_name)() = nullptr;
};

// ---- elementwise, broadcasting ----

inline constexpr int kMaxRank = 8;

// How the flat output index maps to each input: per output axis, the input's
// stride (0 where that input is broadcast along the axis). When a, b and out
// have one shape the plan is a single axis of `count` elements, strides 1.
struct BroadcastPlan {
  int rank = 0;
  int64_t extent[kMaxRank] = {};
  int64_t stride_a[kMaxRank] = {};
  int64_t stride_b[kMaxRank] = {};
  int64_t count = 0;   // output elements
  bool same = false;   // a, b and out have one shape: no index arithmetic needed
};
BroadcastPlan plan_broadcast(const Shape& a, const Shape& b, const Shape& out);

struct ElementwiseKernels {
  static constexpr const char* kOp = "elementwise";
  static const ElementwiseKernels& cpu();
  // out = a (op) b
  void (*binary)(BinaryOp op, const BroadcastPlan& plan, const Tensor& a, const Tensor& b, Tensor& out);
  // da += g d(a op b)/da, db += g d(a op b)/db (either may be undefined)
  void (*binary_backward)(BinaryOp op, const BroadcastPlan& plan, const Tensor& a, const Tensor& b,
                          const Tensor& grad_out, Tensor& da, Tensor& db);
  // y = f(x); parameter: Pow's exponent
  void (*unary)(UnaryOp op, float parameter, const Tensor& x, Tensor& y);
  // dx += g f'(x) (f' may read y = f(x))
  void (*unary_backward)(UnaryOp op, float parameter, const Tensor& x, const Tensor& y,
                         const Tensor& grad_out, Tensor& dx);
};

// ---- reductions over one axis: the input seen as (outer, n, inner) ----

struct AxisSplit {
  int64_t outer = 1, n = 1, inner = 1;
};

struct ReduceKernels {
  static constexpr const char* kOp = "reduce";
  static const ReduceKernels& cpu();
  // out (outer, inner) = sum_j in (outer, j, inner)
  void (*sum_axis)(const Tensor& in, const AxisSplit& s, Tensor& out);
  // din (outer, j, inner) += g (outer, inner)
  void (*sum_axis_backward)(const Tensor& grad_out, const AxisSplit& s, Tensor& din);
  // out = max_j in; argmax (int32 in a float-sized buffer, may be undefined) = the first j of the max
  void (*max_axis)(const Tensor& in, const AxisSplit& s, Tensor& out, Tensor& argmax);
  // din (outer, argmax, inner) += g
  void (*max_axis_backward)(const Tensor& grad_out, const Tensor& argmax, const AxisSplit& s, Tensor& din);
  // out (a scalar on the device) = sum_i x_i^2 (double accumulation where the backend can)
  void (*sum_squares)(const Tensor& x, Tensor& out);
};

// ---- copies between layouts ----

// Transpose of two axes: in seen as (outer, n0, middle, n1, inner) -> (outer, n1, middle, n0, inner).
struct SwapAxes {
  int64_t outer = 1, n0 = 1, middle = 1, n1 = 1, inner = 1;
};

struct ShapeKernels {
  static constexpr const char* kOp = "shape";
  static const ShapeKernels& cpu();
  // out = swap(in), or out += swap(in) when accumulate
  void (*swap_axes)(const Tensor& in, const SwapAxes& s, Tensor& out, bool accumulate);
  // rows r < rows: dst[dst_offset + r*dst_stride + j] (+)= src[src_offset + r*src_stride + j], j < width
  // (concat, slice and their gradients)
  void (*copy_rows)(const Tensor& src, int64_t src_offset, int64_t src_stride, Tensor& dst,
                    int64_t dst_offset, int64_t dst_stride, int64_t rows, int64_t width, bool accumulate);
};

// ---- activations: y = f(z) on (rows, cols) blocks; cols matters for softmax only ----

struct ActivationKernels {
  static constexpr const char* kOp = "activation";
  static const ActivationKernels& cpu();
  // y = f(z); y may be z itself
  void (*forward)(ActivationKind kind, const Tensor& z, Tensor& y, int64_t cols);
  // dz = dy f'(z) (overwrites; dz may be dy). z may be undefined when
  // activation_needs_input(kind) is false: then only y is read.
  void (*backward)(ActivationKind kind, const Tensor& z, const Tensor& y, const Tensor& dy, Tensor& dz,
                   int64_t cols);
};
// False when f'(z) follows from y alone (linear, sigmoid, tanh, relu, softmax).
bool activation_needs_input(ActivationKind kind);

// ---- dense: y = f(x W + b), x (N, I), W (I, O), b (O) ----

struct DenseKernels {
  static constexpr const char* kOp = "dense";
  static const DenseKernels& cpu();
  // z = x W + b, y = f(z) (y may be z)
  void (*forward)(const Tensor& x, const Tensor& w, const Tensor& b, ActivationKind activation, Tensor& z,
                  Tensor& y);
  // Given dz (N, O): dW += x^T dz, db += sum_n dz, dx += dz W^T (each may be undefined)
  void (*backward)(const Tensor& x, const Tensor& w, const Tensor& dz, Tensor& dx, Tensor& dw, Tensor& db);
};

// ---- conv2d: x (N, C, H, W), kernel (KH, KW, C, F), bias (F) -> (N, F, OH, OW) ----

// The gradient at a conv2d's output y = f(z): the backward kernel forms
// dz = dy f'(z) itself as it first reads it (the CPU's kernels a sample at a
// time, so no dz tensor goes through memory). z is undefined when f' follows
// from y alone (activation_needs_input), y when f is linear.
struct ConvOutputGrad {
  Tensor dy, z, y;
  ActivationKind activation = ActivationKind::Linear;
};

struct Conv2dKernels {
  static constexpr const char* kOp = "conv2d";
  static const Conv2dKernels& cpu();
  // The algorithm Auto means for d on this backend.
  ConvAlgorithm (*choose)(const ConvDims& d);
  // Whether `algorithm` (not Auto) can compute d on this backend.
  bool (*applies)(ConvAlgorithm algorithm, const ConvDims& d);
  // forward and backward get the algorithm the op resolved (choose's answer for
  // Auto, never Auto itself), the same one for both passes.
  // z = conv(x, W) + b, y = f(z) (y may be z)
  void (*forward)(ConvAlgorithm algorithm, const Tensor& x, const Tensor& w, const Tensor& b,
                  ActivationKind activation, const ConvDims& d, Tensor& z, Tensor& y);
  // Given the output's gradient (dz (N, F, OH, OW) = dy f'(z)): dx, dw, db += the
  // gradients (each may be undefined)
  void (*backward)(ConvAlgorithm algorithm, const Tensor& x, const Tensor& w, const ConvOutputGrad& grad,
                   const ConvDims& d, Tensor& dx, Tensor& dw, Tensor& db);
  // cols (N*P, K) = the im2col matrix of x, row n*P + oh*OW + ow, column (kh*KW + kw)*C + c
  void (*im2col)(const Tensor& x, const ConvDims& d, Tensor& cols);
  // dx += cols folded back onto the planes (the adjoint of im2col)
  void (*col2im)(const Tensor& cols, const ConvDims& d, Tensor& dx);
};

// ---- max pooling over N*C planes ----

struct MaxPoolKernels {
  static constexpr const char* kOp = "max_pool2d";
  static const MaxPoolKernels& cpu();
  // y = the max of each window; argmax (int32 in-plane indices in a float-sized
  // buffer, may be undefined in inference) = where it was, the first of equal maxima
  void (*forward)(const Tensor& x, const Window2D& g, int64_t planes, Tensor& y, Tensor& argmax);
  // dx[plane, argmax] += dy; with overwrite, dx = that sum alone (its old values unread)
  void (*backward)(const Tensor& dy, const Tensor& argmax, const Window2D& g, int64_t planes,
                   bool overwrite, Tensor& dx);
};

// ---- dropout: the mask is Philox's stream at (seed, stream, position), as Rng::fill_uniform ----

struct DropoutKernels {
  static constexpr const char* kOp = "dropout";
  static const DropoutKernels& cpu();
  // mask_i = (u_i < keep) * scale, u_i the i-th uniform [0, 1) value from the state
  void (*mask)(uint64_t seed, uint64_t stream, uint64_t position, float keep, float scale, Tensor& mask);
};

// ---- losses: a scalar (shape ()) on the device ----

struct LossKernels {
  static constexpr const char* kOp = "loss";
  static const LossKernels& cpu();
  // loss = mean over the batch. `saved` (pred's shape) is allocated by the op
  // only when a backward will follow (else undefined); the forward then writes
  // into it what its backward reuses: on the CPU, d loss / d pred already
  // divided by the batch. Sparse kinds: target holds one class id per row; the
  // CPU throws Error for one that is not an integer in [0, classes).
  void (*forward)(LossKind kind, const Tensor& pred, const Tensor& target, Tensor& loss, Tensor& saved);
  // dpred += grad_loss (a scalar on the device) * d loss / d pred (on the CPU: g * saved)
  void (*backward)(LossKind kind, const Tensor& pred, const Tensor& target, const Tensor& saved,
                   const Tensor& grad_loss, Tensor& dpred);
  // count (a scalar) = the number of samples predicted right (binary outputs:
  // the sum over samples of the fraction of matching thresholded elements)
  void (*count_correct)(LossKind kind, const Tensor& pred, const Tensor& target, bool logits, Tensor& count);
};

// ---- optimizer updates: one fused pass over parameters, gradients and state ----

// OptimizerKind and the step's scalars (UpdateScalars, computed once per step
// on the host) are in core/kernels/optimizer_updates.hpp, with the updates.

struct OptimizerKernels {
  static constexpr const char* kOp = "optimizer";
  static const OptimizerKernels& cpu();
  // One update of params (n) from grads (n); slots (slot_count * n) hold the
  // state, slot k of element i at k * n + i.
  void (*step)(OptimizerKind kind, const UpdateScalars& s, Tensor& params, const Tensor& grads, Tensor& slots);
};

}  // namespace tunet
