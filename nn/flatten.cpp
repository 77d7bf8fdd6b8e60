#include "nn/flatten.hpp"

#include "core/ops.hpp"
#include "nn/input_check.hpp"
#include "nn/layer_factory.hpp"

namespace tunet::nn {

Shape Flatten::build(const Shape& input_shape) {
  input_shape_ = input_shape;
  output_shape_ = {shape_numel(input_shape)};
  return output_shape_;
}

Tensor Flatten::forward(const Tensor& x, const ForwardContext&) {
  check_batch_input(*this, x);
  return reshape(x, {x.dim(0), output_shape_[0]});
}

namespace {

std::unique_ptr<Layer> parse_flatten(LayerConfigReader&) { return std::make_unique<Flatten>(); }

}  // namespace

TUNET_REGISTER_LAYER(flatten, {.name = "Flatten", .list_position = 5, .parse = parse_flatten});

}  // namespace tunet::nn
