#include "nn/dense.hpp"

#include "core/error.hpp"
#include "core/nn_ops.hpp"
#include "nn/input_check.hpp"
#include "nn/layer_factory.hpp"

namespace tunet::nn {

Dense::Dense(int64_t units, const std::string& activation)
    : units_(units), activation_(parse_activation(activation)) {
  check(units > 0, "Dense: units must be positive, got " + std::to_string(units));
}

Shape Dense::build(const Shape& input_shape) {
  check(!input_shape.empty() && input_shape.back() > 0,
        "Dense: needs an input with a positive last axis, got sample shape " +
            shape_str(input_shape));
  input_shape_ = input_shape;
  output_shape_ = input_shape;
  output_shape_.back() = units_;
  return output_shape_;
}

std::vector<ParameterSpec> Dense::parameter_specs() const {
  check(!input_shape_.empty(), "Dense: parameter_specs() before build()");
  const int64_t in = input_shape_.back();
  return {{"kernel", {in, units_}, "glorot_uniform", in, units_},
          {"bias", {units_}, "zeros", in, units_}};
}

void Dense::bind(std::vector<Tensor> parameters) {
  check(parameters.size() == 2, "Dense: bind() expects kernel and bias, got " +
                                    std::to_string(parameters.size()) + " tensors");
  const auto specs = parameter_specs();
  for (size_t i = 0; i < 2; ++i)
    check(parameters[i].shape() == specs[i].shape, "Dense: " + specs[i].name + " must have shape " +
                                                       shape_str(specs[i].shape) + ", got " +
                                                       shape_str(parameters[i].shape()));
  kernel_ = std::move(parameters[0]);
  bias_ = std::move(parameters[1]);
}

Tensor Dense::forward(const Tensor& x, const ForwardContext& ctx) {
  check_batch_input(*this, x);
  check(kernel_.defined(), "Dense: forward() before bind(): the layer has no weights");
  return tunet::dense(x, kernel_, bias_, ctx.output_logits ? ActivationKind::Linear : activation_);
}

LayerConfig Dense::config() const {
  return {{"units", std::to_string(units_)}, {"activation", activation_name(activation_)}};
}

std::unique_ptr<Layer> Dense::clone() const {
  auto copy = std::make_unique<Dense>(*this);
  copy->kernel_ = Tensor();  // a clone is built but unbound: its model binds its own block
  copy->bias_ = Tensor();
  return copy;
}

namespace {

std::unique_ptr<Layer> parse_dense(LayerConfigReader& read) {
  const int64_t units = read.required_integer("units");
  return std::make_unique<Dense>(units, read.text("activation", "linear"));
}

}  // namespace

TUNET_REGISTER_LAYER(dense, {.name = "Dense", .list_position = 1,
                            .fields = {{"units", FieldKind::Integer}, {"activation", FieldKind::Text}},
                            .parse = parse_dense});

}  // namespace tunet::nn
