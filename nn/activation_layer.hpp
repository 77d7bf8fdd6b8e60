#pragma once
// Activation(name): applies an activation function as a layer of its own,
// e.g. Dense(10) followed by Activation("softmax"). Names as in nn/activations.hpp.
#include <memory>
#include <string>

#include "nn/activations.hpp"
#include "nn/layer.hpp"

namespace tunet::nn {

class Activation : public Layer {
 public:
  explicit Activation(const std::string& activation);

  ActivationKind activation() const { return activation_; }

  std::string type() const override { return "Activation"; }
  Shape build(const Shape& input_shape) override;                       // shape unchanged
  Tensor forward(const Tensor& x, const ForwardContext& ctx) override;  // honours output_logits
  LayerConfig config() const override;                                  // activation
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Activation>(*this); }

 private:
  ActivationKind activation_;
};

}  // namespace tunet::nn
