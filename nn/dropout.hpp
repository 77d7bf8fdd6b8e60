#pragma once
// Dropout(rate): inverted dropout. In training each element is kept with
// probability 1 - rate and scaled by 1 / (1 - rate), so inference (where the
// layer is the identity) needs no rescaling. Masks come from the model's Rng
// (ForwardContext::rng), so a seed reproduces them; the op is tunet::dropout
// (core/nn_ops.hpp).
//
//   auto drop = nn::Dropout(0.2);
#include <memory>
#include <string>

#include "core/random.hpp"
#include "nn/layer.hpp"

namespace tunet::nn {

class Dropout : public Layer {
 public:
  explicit Dropout(double rate);  // rate in [0, 1)

  double rate() const { return rate_; }

  std::string type() const override { return "Dropout"; }
  Shape build(const Shape& input_shape) override;                       // shape unchanged
  Tensor forward(const Tensor& x, const ForwardContext& ctx) override;  // needs ctx.rng in training
  LayerConfig config() const override;                                  // rate
  std::unique_ptr<Layer> clone() const override;

 private:
  double rate_;
};

}  // namespace tunet::nn
