#pragma once
// Conv2D(filters, kernel_size, strides, padding, activation): Keras's 2-D
// convolution on NCHW batches, y = f(conv(x, W) + b).
//
//   auto conv = nn::Conv2D(16, 5, 1, "same", "relu");   // sample (1, 28, 28) -> (16, 28, 28)
//
// x (N, C, H, W) -> y (N, F, OH, OW); kernel W (KH, KW, C, F) (Keras's layout),
// bias b (F); padding "valid" or "same" with TensorFlow's rules (nn/window.hpp).
// Initialised glorot_uniform (fan_in = C*KH*KW, fan_out = F*KH*KW) / zeros.
//
// One autograd node, computed by one of three algorithms chosen by shape
// (each the fastest measured where it is chosen, bench/gbench_layers):
//   Winograd (nn/winograd_conv.hpp): stride 1, square 3x3 to 5x5 kernels, >= 8
//     input channels: F(4x4, 5x5) / F(6x6, 3x3) on 8x8 tiles, 64 / 400 of the
//     multiply-adds of a 5x5 layer; the transformed input is kept for backward.
//   direct (nn/direct_conv.hpp): stride 1, <= 4 input channels (a first layer):
//     output rows straight from the padded input rows in vector registers.
//   im2col + GEMM (nn/im2col.hpp) otherwise: per chunk of samples the im2col
//     matrix (S*OH*OW, K = KH*KW*C), one GEMM against W seen as (K, F).
// All run over chunks of samples in parallel (one OpenMP team, per-thread
// scratch) and add per-thread dW partials in thread order, so for a given
// thread count results do not depend on timing. The results agree with the
// plain formula to float rounding (Winograd: ~5e-6 of the largest output at
// the seed-002 shapes, im2col ~1e-7).
#include <memory>
#include <string>

#include "nn/activations.hpp"
#include "nn/layer.hpp"

namespace tunet::nn {

class Conv2D : public Layer {
 public:
  Conv2D(int64_t filters, int64_t kernel_size, int64_t strides = 1,
         const std::string& padding = "valid", const std::string& activation = "linear");

  int64_t filters() const { return filters_; }
  int64_t kernel_size() const { return kernel_size_; }
  int64_t strides() const { return strides_; }
  const std::string& padding() const { return padding_; }
  ActivationKind activation() const { return activation_; }
  const Tensor& kernel() const { return kernel_; }
  const Tensor& bias() const { return bias_; }

  std::string type() const override { return "Conv2D"; }
  Shape build(const Shape& input_shape) override;               // (C, H, W) -> (F, OH, OW)
  std::vector<ParameterSpec> parameter_specs() const override;  // kernel, bias
  void bind(std::vector<Tensor> parameters) override;
  Tensor forward(const Tensor& x, const ForwardContext& ctx) override;
  LayerConfig config() const override;  // filters, kernel_size, strides, padding, activation
  std::unique_ptr<Layer> clone() const override;  // same config and build, no weights bound

 private:
  int64_t filters_;
  int64_t kernel_size_;
  int64_t strides_;
  std::string padding_;
  ActivationKind activation_;
  Tensor kernel_;
  Tensor bias_;
};

// The op behind Conv2D: x (N, C, H, W), kernel (KH, KW, C, F), bias (F) -> (N, F, OH, OW).
Tensor conv2d(const Tensor& x, const Tensor& kernel, const Tensor& bias, int64_t strides,
              const std::string& padding, ActivationKind activation);

}  // namespace tunet::nn
