#pragma once
// The convolution ops on NCHW batches, each one autograd node computed through
// the device's kernel table (Conv2dKernels, MaxPoolKernels):
//
//   Tensor y = conv2d(x, kernel, bias, 1, "same", ActivationKind::Relu);  // the backend picks
//   Tensor v = conv2d(x, kernel, bias, 1, "same", ActivationKind::Relu, ConvAlgorithm::Im2col);
//   Tensor p = max_pool2d(y, 2, 2, "valid");
//
// conv2d: x (N, C, H, W), kernel (KH, KW, C, F) (Keras's layout), bias (F) ->
//   y (N, F, OH, OW) = f(conv(x, kernel) + b), f fused into the same node.
//   padding "valid" or "same" with TensorFlow's rules (core/window.hpp).
//   ConvAlgorithm::Auto lets the backend choose by shape; a forced algorithm
//   that does not apply to the shape, or that the backend lacks, is an Error.
//   On the CPU (core/cpu/conv2d.cpp): Winograd for stride 1, square 3x3 to 5x5
//   kernels on >= 8 input channels; direct for stride 1 on <= 4 input channels
//   and kernels at most 7 wide; im2col + GEMM for every shape.
// max_pool2d: x (N, C, H, W) -> (N, C, OH, OW), the maximum of each window;
//   the gradient goes to the first maximal input of each window.
// im2col: x (N, C, H, W) -> cols (N*OH*OW, KH*KW*C): row n*P + oh*OW + ow holds
//   the inputs under the window at (oh, ow), column (kh*KW + kw)*C + c, zeros
//   outside the plane (so conv2d = im2col(x) kernel.reshape(K, F) + b).
//   col2im is its adjoint: the rows folded back and summed onto the planes.
#include <cstdint>
#include <string>
#include <vector>

#include "core/op_kernels.hpp"

namespace tunet {

// ---- algorithm names: "auto", "im2col", "winograd", "direct" ----
const char* conv_algorithm_name(ConvAlgorithm algorithm);
// Throws Error naming the text and listing the valid names.
ConvAlgorithm parse_conv_algorithm(const std::string& name);
std::vector<std::string> conv_algorithm_names();

// The sizes of a convolution of x (N, C, H, W) with kernel (KH, KW, C, F);
// Error (naming `op` and the shapes) when they do not fit.
ConvDims conv_dims(const char* op, const Shape& x, const Shape& kernel, int64_t strides,
                   const std::string& padding);

// The algorithm `requested` means for d on `device`: the backend's choice for
// Auto, else `requested` itself. Error naming the algorithm, the shape and the
// device when it does not apply there.
ConvAlgorithm resolve_conv_algorithm(Device device, const ConvDims& d, ConvAlgorithm requested);

Tensor conv2d(const Tensor& x, const Tensor& kernel, const Tensor& bias, int64_t strides,
              const std::string& padding, ActivationKind activation,
              ConvAlgorithm algorithm = ConvAlgorithm::Auto);

Tensor max_pool2d(const Tensor& x, int64_t pool_size, int64_t strides, const std::string& padding);

Tensor im2col(const Tensor& x, int64_t kernel_h, int64_t kernel_w, int64_t strides,
              const std::string& padding);
// cols (N*OH*OW, KH*KW*C) -> (N, C, H, W) = x_shape.
Tensor col2im(const Tensor& cols, const Shape& x_shape, int64_t kernel_h, int64_t kernel_w,
              int64_t strides, const std::string& padding);

}  // namespace tunet
