#include "nn/input_check.hpp"

#include "core/error.hpp"

namespace tunet::nn {

void check_batch_input(const Layer& layer, const Tensor& x) {
  const std::string who = layer.type() + (layer.name().empty() ? "" : " '" + layer.name() + "'");
  check(x.defined(), who + ": input tensor is undefined");
  check(!layer.output_shape().empty() || !layer.input_shape().empty(),
        who + ": forward() before build(); add the layer to a model or call build(input_shape)");
  const Shape& sample = layer.input_shape();
  bool ok = x.rank() == int(sample.size()) + 1;
  for (size_t i = 0; ok && i < sample.size(); ++i) ok = x.dim(int(i) + 1) == sample[i];
  if (!ok) {
    Shape expected{-1};
    expected.insert(expected.end(), sample.begin(), sample.end());
    throw Error(who + ": expected input of shape " + shape_str(expected) +
                " (batch first; -1 = any), got " + shape_str(x.shape()));
  }
}

}  // namespace tunet::nn
