#pragma once
// The check every layer's forward() starts with: x must be a batch of the
// samples the layer was built for, (batch, *input_shape()).
#include "nn/layer.hpp"

namespace tunet::nn {

// Throws Error naming the layer, the expected and the actual shape.
void check_batch_input(const Layer& layer, const Tensor& x);

}  // namespace tunet::nn
