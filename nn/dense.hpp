#pragma once
// Dense(units, activation): y = f(x W + b), Keras's fully connected layer.
//
//   auto layer = nn::Dense(100, "relu");
//
// x (..., in) -> y (..., units); kernel W (in, units) (Keras's layout, so
// weights move to and from Keras unchanged), bias b (units). Initialised with
// glorot_uniform / zeros as Keras does. The forward pass is the core op
// tunet::dense (core/nn_ops.hpp): one autograd node, on the weights' device.
#include <memory>
#include <string>

#include "nn/activations.hpp"
#include "nn/layer.hpp"

namespace tunet::nn {

class Dense : public Layer {
 public:
  explicit Dense(int64_t units, const std::string& activation = "linear");

  int64_t units() const { return units_; }
  ActivationKind activation() const { return activation_; }
  const Tensor& kernel() const { return kernel_; }
  const Tensor& bias() const { return bias_; }

  std::string type() const override { return "Dense"; }
  Shape build(const Shape& input_shape) override;
  std::vector<ParameterSpec> parameter_specs() const override;  // kernel, bias
  void bind(std::vector<Tensor> parameters) override;
  Tensor forward(const Tensor& x, const ForwardContext& ctx) override;
  LayerConfig config() const override;  // units, activation
  std::unique_ptr<Layer> clone() const override;

 private:
  int64_t units_;
  ActivationKind activation_;
  Tensor kernel_;
  Tensor bias_;
};

}  // namespace tunet::nn
