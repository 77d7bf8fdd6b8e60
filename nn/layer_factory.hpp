#pragma once
// make_layer: a layer from its type name and its config as text, as save()
// writes it and as the tuner's config files spell it. The inverse of
// layer.type() + layer.config():
//
//   auto dense = nn::make_layer("Dense", {{"units", "100"}, {"activation", "relu"}});
//   auto again = nn::make_layer(dense->type(), dense->config());   // same layer
//
// Types (case-insensitive; MaxPooling2D is an alias of MaxPool2D) and fields
// (Keras's names; [optional] with its default):
//   Dense       units, [activation = linear]
//   Conv2D      filters, kernel_size, [strides = 1], [padding = valid], [activation = linear]
//   MaxPool2D   [pool_size = 2], [strides = pool_size], [padding = valid]
//   Dropout     rate
//   Flatten     (none)
//   Activation  activation
// Every type also takes an optional "name". An unknown type or field, a
// missing required field or a value that does not parse -> Error naming it.
#include <memory>
#include <string>
#include <vector>

#include "nn/layer.hpp"

namespace tunet::nn {

std::unique_ptr<Layer> make_layer(const std::string& type, const LayerConfig& config);

std::vector<std::string> layer_types();  // the canonical type names

}  // namespace tunet::nn
