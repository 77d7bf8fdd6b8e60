#pragma once
// MaxPool2D(pool_size, strides, padding): the maximum over each window of each
// channel, on NCHW batches (Keras's MaxPooling2D).
//
//   auto pool = nn::MaxPool2D(2);   // (16, 28, 28) -> (16, 14, 14); strides default to pool_size
//
// x (N, C, H, W) -> y (N, C, OH, OW); padding "valid" (Keras's default) or
// "same" (windows that leave the plane take the max of their in-plane part).
// Backward sends each output's gradient to the first maximal input of its window.
// The forward pass is the core op tunet::max_pool2d (core/conv_ops.hpp).
#include <memory>
#include <string>

#include "nn/layer.hpp"

namespace tunet::nn {

class MaxPool2D : public Layer {
 public:
  // strides <= 0 means strides = pool_size.
  explicit MaxPool2D(int64_t pool_size = 2, int64_t strides = 0,
                     const std::string& padding = "valid");

  int64_t pool_size() const { return pool_size_; }
  int64_t strides() const { return strides_; }
  const std::string& padding() const { return padding_; }

  std::string type() const override { return "MaxPool2D"; }
  Shape build(const Shape& input_shape) override;  // (C, H, W) -> (C, OH, OW)
  Tensor forward(const Tensor& x, const ForwardContext& ctx) override;
  LayerConfig config() const override;  // pool_size, strides, padding
  std::unique_ptr<Layer> clone() const override;

 private:
  int64_t pool_size_;
  int64_t strides_;
  std::string padding_;
};

}  // namespace tunet::nn
