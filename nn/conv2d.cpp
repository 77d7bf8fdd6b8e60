#include "nn/conv2d.hpp"

#include <memory>
#include <vector>

#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/window.hpp"
#include "nn/input_check.hpp"
#include "nn/layer_factory.hpp"

namespace tunet::nn {

Conv2D::Conv2D(int64_t filters, int64_t kernel_size, int64_t strides, const std::string& padding,
               const std::string& activation, ConvAlgorithm algorithm)
    : filters_(filters),
      kernel_size_(kernel_size),
      strides_(strides),
      padding_(padding),
      activation_(parse_activation(activation)),
      algorithm_(algorithm) {
  check(filters > 0 && kernel_size > 0 && strides > 0,
        "Conv2D: filters, kernel_size and strides must be positive, got " +
            std::to_string(filters) + ", " + std::to_string(kernel_size) + ", " +
            std::to_string(strides));
  check_padding("Conv2D", padding);
}

Shape Conv2D::build(const Shape& input_shape) {
  check(input_shape.size() == 3,
        "Conv2D: needs samples of shape (C, H, W), got " + shape_str(input_shape));
  const Window2D g = make_window("Conv2D", input_shape[1], input_shape[2], kernel_size_,
                                 kernel_size_, strides_, strides_, padding_);
  input_shape_ = input_shape;
  output_shape_ = {filters_, g.out_h, g.out_w};
  return output_shape_;
}

std::vector<ParameterSpec> Conv2D::parameter_specs() const {
  check(!input_shape_.empty(), "Conv2D: parameter_specs() before build()");
  const int64_t c = input_shape_[0], area = kernel_size_ * kernel_size_;
  return {{"kernel",
           {kernel_size_, kernel_size_, c, filters_},
           "glorot_uniform",
           c * area,
           filters_ * area},
          {"bias", {filters_}, "zeros", c * area, filters_ * area}};
}

void Conv2D::bind(std::vector<Tensor> parameters) {
  check(parameters.size() == 2, "Conv2D: bind() expects kernel and bias, got " +
                                    std::to_string(parameters.size()) + " tensors");
  const auto specs = parameter_specs();
  for (size_t i = 0; i < 2; ++i)
    check(parameters[i].shape() == specs[i].shape,
          "Conv2D: " + specs[i].name + " must have shape " + shape_str(specs[i].shape) + ", got " +
              shape_str(parameters[i].shape()));
  kernel_ = std::move(parameters[0]);
  bias_ = std::move(parameters[1]);
}

Tensor Conv2D::forward(const Tensor& x, const ForwardContext& ctx) {
  check_batch_input(*this, x);
  check(kernel_.defined(), "Conv2D: forward() before bind(): the layer has no weights");
  return conv2d(x, kernel_, bias_, strides_, padding_,
                ctx.output_logits ? ActivationKind::Linear : activation_, algorithm_);
}

LayerConfig Conv2D::config() const {
  return {{"filters", std::to_string(filters_)},
          {"kernel_size", std::to_string(kernel_size_)},
          {"strides", std::to_string(strides_)},
          {"padding", padding_},
          {"activation", activation_name(activation_)},
          {"algorithm", conv_algorithm_name(algorithm_)}};
}

ConvDims Conv2D::sample_dims() const {
  check(!input_shape_.empty(), "Conv2D: the algorithm is known after build()");
  const int64_t c = input_shape_[0];
  return conv_dims("Conv2D", {1, c, input_shape_[1], input_shape_[2]},
                   {kernel_size_, kernel_size_, c, filters_}, strides_, padding_);
}

ConvAlgorithm Conv2D::resolved_algorithm(Device device) const {
  return resolve_conv_algorithm(device, sample_dims(), algorithm_);
}

std::string Conv2D::summary_note() const {
  if (input_shape_.empty()) return "";
  if (algorithm_ != ConvAlgorithm::Auto)
    return std::string("algorithm: ") + conv_algorithm_name(algorithm_);
  const Device device = kernel_.defined() ? kernel_.device() : Device::CPU;
  if (!supports<Conv2dKernels>(device)) return "algorithm: auto";
  return std::string("algorithm: ") + conv_algorithm_name(resolved_algorithm(device)) + " (auto)";
}

std::unique_ptr<Layer> Conv2D::clone() const {
  auto copy = std::make_unique<Conv2D>(*this);
  copy->kernel_ = Tensor();  // a clone is built but unbound: its model binds its own block
  copy->bias_ = Tensor();
  return copy;
}

namespace {

std::unique_ptr<Layer> parse_conv2d(LayerConfigReader& read) {
  const int64_t filters = read.required_integer("filters");
  const int64_t kernel_size = read.required_integer("kernel_size");
  const int64_t strides = read.optional_integer("strides", 1);
  return std::make_unique<Conv2D>(filters, kernel_size, strides, read.text("padding", "valid"),
                                  read.text("activation", "linear"),
                                  parse_conv_algorithm(read.text("algorithm", "auto")));
}

}  // namespace

TUNET_REGISTER_LAYER(conv2d, {.name = "Conv2D", .list_position = 2,
                              .fields = {{"filters", FieldKind::Integer}, {"kernel_size", FieldKind::Integer},
                                         {"strides", FieldKind::Integer}, {"padding", FieldKind::Text},
                                         {"activation", FieldKind::Text}, {"algorithm", FieldKind::Text}},
                              .parse = parse_conv2d});

}  // namespace tunet::nn
