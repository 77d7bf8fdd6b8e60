// The CUDA tables of the layers' kernels: activation, dense, conv2d (im2col +
// cuBLAS only), max pooling and the dropout mask. Each entry runs the pass of
// cuda/kernels/ that the host tests check against the CPU tables; one
// translation unit, so the bias + activation kernels shared by dense and
// conv2d are compiled once.
#include <string>

#include "core/conv_ops.hpp"
#include "core/error.hpp"
#include "core/nn_ops.hpp"
#include "cuda/device_exec.cuh"
#include "cuda/kernels/activation_bodies.hpp"
#include "cuda/kernels/conv_bodies.hpp"
#include "cuda/kernels/dense_passes.hpp"
#include "cuda/kernels/dropout_bodies.hpp"
#include "cuda/kernels/pool_bodies.hpp"
#include "cuda/tables.hpp"

namespace tunet::cuda {
namespace {

// A gradient the caller does not want is an undefined tensor: a null pointer here.
float* device_ptr_or_null(const Tensor& t) { return t.defined() ? device_ptr(t) : nullptr; }

// ---- activation: (rows, cols) blocks, cols for softmax ----

void activation_forward(ActivationKind kind, const Tensor& z, Tensor& y, int64_t cols) {
  DeviceExec exec;
  activation_forward_pass(exec, kind, device_ptr(z), device_ptr(y), cols > 0 ? z.numel() : 0, cols);
}

void activation_backward(ActivationKind kind, const Tensor& z, const Tensor& y, const Tensor& dy, Tensor& dz,
                         int64_t cols) {
  DeviceExec exec;
  activation_backward_pass(exec, kind, device_ptr_or_null(z), device_ptr(y), device_ptr(dy), device_ptr(dz),
                           cols > 0 ? y.numel() : 0, cols);
}

// ---- dense: x (N, I) (all leading axes of x in N), W (I, O) ----

void dense_forward(const Tensor& x, const Tensor& w, const Tensor& b, ActivationKind activation, Tensor& z,
                   Tensor& y) {
  const int64_t in = w.dim(0), out = w.dim(1);
  DeviceExec exec;
  dense_forward_pass(exec, device_ptr(x), device_ptr(w), device_ptr(b), activation, x.numel() / in, in, out,
                     device_ptr(z), device_ptr(y));
}

void dense_backward(const Tensor& x, const Tensor& w, const Tensor& dz, Tensor& dx, Tensor& dw, Tensor& db) {
  const int64_t in = w.dim(0), out = w.dim(1);
  DeviceExec exec;
  dense_backward_pass(exec, device_ptr(x), device_ptr(w), device_ptr(dz), x.numel() / in, in, out,
                      device_ptr_or_null(dx), device_ptr_or_null(dw), device_ptr_or_null(db));
}

// ---- conv2d: im2col + GEMM for every shape ----

ConvAlgorithm conv_choose(const ConvDims&) { return ConvAlgorithm::Im2col; }

bool conv_applies(ConvAlgorithm algorithm, const ConvDims&) {
  return algorithm == ConvAlgorithm::Im2col || algorithm == ConvAlgorithm::Auto;
}

void check_im2col(ConvAlgorithm algorithm) {
  if (!conv_applies(algorithm, ConvDims{}))
    throw Error(std::string("conv2d on cuda: algorithm '") + conv_algorithm_name(algorithm) +
                "' is not available (the CUDA backend computes every convolution with im2col + cuBLAS)");
}

void conv_forward(ConvAlgorithm algorithm, const Tensor& x, const Tensor& w, const Tensor& b,
                  ActivationKind activation, const ConvDims& d, Tensor& z, Tensor& y) {
  check_im2col(algorithm);
  DeviceExec exec;
  conv2d_forward_pass(exec, device_ptr(x), device_ptr(w), device_ptr(b), activation, d, conv_group_samples(d),
                      device_ptr(z), device_ptr(y));
}

void conv_backward(ConvAlgorithm algorithm, const Tensor& x, const Tensor& w, const ConvOutputGrad& grad,
                   const ConvDims& d, Tensor& dx, Tensor& dw, Tensor& db) {
  check_im2col(algorithm);
  // dz = dy f'(z) as a whole tensor first (the activation's own kernel)
  const Tensor dz = activation_input_grad(grad.activation, grad.z, grad.y, grad.dy);
  DeviceExec exec;
  conv2d_backward_pass(exec, device_ptr(x), device_ptr(w), device_ptr(dz), d, conv_group_samples(d),
                       device_ptr_or_null(dx), device_ptr_or_null(dw), device_ptr_or_null(db));
}

void conv_im2col(const Tensor& x, const ConvDims& d, Tensor& cols) {
  DeviceExec exec;
  im2col_pass(exec, device_ptr(x), d, device_ptr(cols));
}

void conv_col2im(const Tensor& cols, const ConvDims& d, Tensor& dx) {
  DeviceExec exec;
  col2im_pass(exec, device_ptr(cols), d, device_ptr(dx));
}

// ---- max pooling: int32 argmax in a float-sized buffer ----

int32_t* index_ptr(const Tensor& t) { return t.defined() ? reinterpret_cast<int32_t*>(device_ptr(t)) : nullptr; }

void max_pool_forward(const Tensor& x, const Window2D& g, int64_t planes, Tensor& y, Tensor& argmax) {
  launch(planes * g.out_h * g.out_w, MaxPoolForwardBody{device_ptr(x), device_ptr(y), index_ptr(argmax), g});
}

void max_pool_backward(const Tensor& dy, const Tensor& argmax, const Window2D& g, int64_t planes,
                       bool overwrite, Tensor& dx) {
  launch(planes * g.in_h * g.in_w,
         MaxPoolBackwardBody{device_ptr(dy), index_ptr(argmax), device_ptr(dx), g, overwrite});
}

// ---- dropout ----

void dropout_mask(uint64_t seed, uint64_t stream, uint64_t position, float keep, float scale, Tensor& mask) {
  const int64_t n = mask.numel();
  launch(DropoutMaskBody::blocks(n), DropoutMaskBody{device_ptr(mask), n, seed, stream, position, keep, scale});
}

}  // namespace

const ActivationKernels& activation_kernels() {
  static const ActivationKernels table = {.forward = activation_forward, .backward = activation_backward};
  return table;
}

const DenseKernels& dense_kernels() {
  static const DenseKernels table = {.forward = dense_forward, .backward = dense_backward};
  return table;
}

const Conv2dKernels& conv2d_kernels() {
  static const Conv2dKernels table = {
      .choose = conv_choose,
      .applies = conv_applies,
      .forward = conv_forward,
      .backward = conv_backward,
      .im2col = conv_im2col,
      .col2im = conv_col2im,
  };
  return table;
}

const MaxPoolKernels& max_pool_kernels() {
  static const MaxPoolKernels table = {.forward = max_pool_forward, .backward = max_pool_backward};
  return table;
}

const DropoutKernels& dropout_kernels() {
  static const DropoutKernels table = {.mask = dropout_mask};
  return table;
}

}  // namespace tunet::cuda
