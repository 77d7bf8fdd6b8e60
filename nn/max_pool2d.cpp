#include "nn/max_pool2d.hpp"

#include <memory>

#include "core/conv_ops.hpp"
#include "core/error.hpp"
#include "core/window.hpp"
#include "nn/input_check.hpp"
#include "nn/layer_factory.hpp"

namespace tunet::nn {

MaxPool2D::MaxPool2D(int64_t pool_size, int64_t strides, const std::string& padding)
    : pool_size_(pool_size), strides_(strides <= 0 ? pool_size : strides), padding_(padding) {
  check(pool_size > 0, "MaxPool2D: pool_size must be positive, got " + std::to_string(pool_size));
  check_padding("MaxPool2D", padding);
}

Shape MaxPool2D::build(const Shape& input_shape) {
  check(input_shape.size() == 3,
        "MaxPool2D: needs samples of shape (C, H, W), got " + shape_str(input_shape));
  const Window2D g = make_window("MaxPool2D", input_shape[1], input_shape[2], pool_size_,
                                 pool_size_, strides_, strides_, padding_);
  input_shape_ = input_shape;
  output_shape_ = {input_shape[0], g.out_h, g.out_w};
  return output_shape_;
}

Tensor MaxPool2D::forward(const Tensor& x, const ForwardContext&) {
  check_batch_input(*this, x);
  return max_pool2d(x, pool_size_, strides_, padding_);
}

LayerConfig MaxPool2D::config() const {
  return {{"pool_size", std::to_string(pool_size_)},
          {"strides", std::to_string(strides_)},
          {"padding", padding_}};
}

std::unique_ptr<Layer> MaxPool2D::clone() const { return std::make_unique<MaxPool2D>(*this); }

namespace {

std::unique_ptr<Layer> parse_max_pool2d(LayerConfigReader& read) {
  const int64_t pool_size = read.optional_integer("pool_size", 2);
  const int64_t strides = read.optional_integer("strides", pool_size);
  return std::make_unique<MaxPool2D>(pool_size, strides, read.text("padding", "valid"));
}

}  // namespace

TUNET_REGISTER_LAYER(max_pool2d, {.name = "MaxPool2D", .aliases = {"MaxPooling2D"}, .list_position = 3,
                                  .fields = {{"pool_size", FieldKind::Integer}, {"strides", FieldKind::Integer},
                                             {"padding", FieldKind::Text}},
                                  .parse = parse_max_pool2d});

}  // namespace tunet::nn
