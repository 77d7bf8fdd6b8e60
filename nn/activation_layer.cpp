#include "nn/activation_layer.hpp"

#include "nn/input_check.hpp"
#include "nn/layer_factory.hpp"

namespace tunet::nn {

Activation::Activation(const std::string& activation) : activation_(parse_activation(activation)) {}

Shape Activation::build(const Shape& input_shape) {
  input_shape_ = input_shape;
  output_shape_ = input_shape;
  return output_shape_;
}

Tensor Activation::forward(const Tensor& x, const ForwardContext& ctx) {
  check_batch_input(*this, x);
  if (ctx.output_logits || activation_ == ActivationKind::Linear) return x;
  return nn::activation(x, activation_);
}

LayerConfig Activation::config() const { return {{"activation", activation_name(activation_)}}; }

namespace {

std::unique_ptr<Layer> parse_activation_layer(LayerConfigReader& read) {
  return std::make_unique<Activation>(read.required("activation"));
}

}  // namespace

TUNET_REGISTER_LAYER(activation, {.name = "Activation", .list_position = 6,
                                 .fields = {{"activation", FieldKind::Text}}, .parse = parse_activation_layer});

}  // namespace tunet::nn
