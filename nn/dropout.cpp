#include "nn/dropout.hpp"

#include <charconv>

#include "core/error.hpp"
#include "core/nn_ops.hpp"
#include "nn/input_check.hpp"
#include "nn/layer_factory.hpp"

namespace tunet::nn {

Dropout::Dropout(double rate) : rate_(rate) {
  check(rate >= 0 && rate < 1, "Dropout: rate must be in [0, 1), got " + std::to_string(rate));
}

Shape Dropout::build(const Shape& input_shape) {
  input_shape_ = input_shape;
  output_shape_ = input_shape;
  return output_shape_;
}

Tensor Dropout::forward(const Tensor& x, const ForwardContext& ctx) {
  check_batch_input(*this, x);
  if (!ctx.training || rate_ == 0) return x;
  check(ctx.rng != nullptr, "Dropout: training forward pass without an Rng (ForwardContext::rng)");
  return tunet::dropout(x, rate_, *ctx.rng);
}

LayerConfig Dropout::config() const {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof(text), rate_).ptr;  // shortest exact form
  return {{"rate", std::string(text, end)}};
}

std::unique_ptr<Layer> Dropout::clone() const { return std::make_unique<Dropout>(*this); }

namespace {

std::unique_ptr<Layer> parse_dropout(LayerConfigReader& read) {
  return std::make_unique<Dropout>(read.real("rate", read.required("rate")));
}

}  // namespace

TUNET_REGISTER_LAYER(dropout, {.name = "Dropout", .list_position = 4, .fields = {{"rate", FieldKind::Number}},
                              .parse = parse_dropout});

}  // namespace tunet::nn
