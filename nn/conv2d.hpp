#pragma once
// Conv2D(filters, kernel_size, strides, padding, activation, algorithm):
// Keras's 2-D convolution on NCHW batches, y = f(conv(x, W) + b).
//
//   auto conv = nn::Conv2D(16, 5, 1, "same", "relu");   // sample (1, 28, 28) -> (16, 28, 28)
//   auto fixed = nn::Conv2D(36, 5, 1, "same", "relu", ConvAlgorithm::Im2col);
//
// x (N, C, H, W) -> y (N, F, OH, OW); kernel W (KH, KW, C, F) (Keras's layout),
// bias b (F); padding "valid" or "same" with TensorFlow's rules (core/window.hpp).
// Initialised glorot_uniform (fan_in = C*KH*KW, fan_out = F*KH*KW) / zeros.
//
// The forward pass is the core op tunet::conv2d (core/conv_ops.hpp): one
// autograd node on the weights' device. The algorithm is Auto (the backend
// chooses by shape: on the CPU Winograd, direct or im2col + GEMM) unless set;
// a forced algorithm that does not apply to the layer's shape is an Error at
// the first forward pass. config() carries it as "algorithm", and summary()
// prints what each Conv2D runs ("algorithm: winograd (auto)").
#include <memory>
#include <string>

#include "core/conv_ops.hpp"
#include "nn/activations.hpp"
#include "nn/layer.hpp"

namespace tunet::nn {

using tunet::ConvAlgorithm;

class Conv2D : public Layer {
 public:
  Conv2D(int64_t filters, int64_t kernel_size, int64_t strides = 1,
         const std::string& padding = "valid", const std::string& activation = "linear",
         ConvAlgorithm algorithm = ConvAlgorithm::Auto);

  int64_t filters() const { return filters_; }
  int64_t kernel_size() const { return kernel_size_; }
  int64_t strides() const { return strides_; }
  const std::string& padding() const { return padding_; }
  ActivationKind activation() const { return activation_; }
  ConvAlgorithm algorithm() const { return algorithm_; }  // as set: Auto unless forced
  void set_algorithm(ConvAlgorithm algorithm) { algorithm_ = algorithm; }
  // What forward() runs on `device` after build(): algorithm() when forced
  // (Error when it does not apply), else the backend's choice for the shape.
  ConvAlgorithm resolved_algorithm(Device device = Device::CPU) const;
  const Tensor& kernel() const { return kernel_; }
  const Tensor& bias() const { return bias_; }

  std::string type() const override { return "Conv2D"; }
  Shape build(const Shape& input_shape) override;               // (C, H, W) -> (F, OH, OW)
  std::vector<ParameterSpec> parameter_specs() const override;  // kernel, bias
  void bind(std::vector<Tensor> parameters) override;
  Tensor forward(const Tensor& x, const ForwardContext& ctx) override;
  // filters, kernel_size, strides, padding, activation, algorithm
  LayerConfig config() const override;
  // "algorithm: winograd (auto)" on the weights' device (the CPU before bind()); "" before build()
  std::string summary_note() const override;
  std::unique_ptr<Layer> clone() const override;  // same config and build, no weights bound

 private:
  ConvDims sample_dims() const;  // the convolution of one sample of the built shape

  int64_t filters_;
  int64_t kernel_size_;
  int64_t strides_;
  std::string padding_;
  ActivationKind activation_;
  ConvAlgorithm algorithm_;
  Tensor kernel_;
  Tensor bias_;
};

}  // namespace tunet::nn
