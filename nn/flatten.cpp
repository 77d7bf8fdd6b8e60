#include "nn/flatten.hpp"

#include "core/ops.hpp"
#include "nn/input_check.hpp"

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

}  // namespace tunet::nn
