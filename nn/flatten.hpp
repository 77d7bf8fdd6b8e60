#pragma once
// Flatten: (N, d1, d2, ...) -> (N, d1*d2*...), a view (no copy).
// On NCHW feature maps the order is channel-major (c, h, w); Keras, on NHWC,
// flattens (h, w, c): a Dense kernel imported from Keras after a Flatten needs
// its rows permuted accordingly.
#include <memory>
#include <string>

#include "nn/layer.hpp"

namespace tunet::nn {

class Flatten : public Layer {
 public:
  std::string type() const override { return "Flatten"; }
  Shape build(const Shape& input_shape) override;  // -> (product of the sample's extents)
  Tensor forward(const Tensor& x, const ForwardContext& ctx) override;
  LayerConfig config() const override { return {}; }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Flatten>(*this); }
};

}  // namespace tunet::nn
