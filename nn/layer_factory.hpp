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
//   Conv2D      filters, kernel_size, [strides = 1], [padding = valid], [activation = linear],
//               [algorithm = auto]   (auto, im2col, winograd or direct: core/conv_ops.hpp)
//   MaxPool2D   [pool_size = 2], [strides = pool_size], [padding = valid]
//   Dropout     rate
//   Flatten     (none)
//   Activation  activation
// Every type also takes an optional "name". An unknown type or field, a
// missing required field or a value that does not parse -> Error naming it,
// with the nearest known name when it looks like a typo:
//   Dense: unknown field 'unit' (did you mean 'units'?)
//
// Each layer type registers itself, with its fields and its parser, in its
// own file (nn/dense.cpp):
//
//   TUNET_REGISTER_LAYER(dense, {.name = "Dense", .list_position = 1,
//                                .fields = {{"units", FieldKind::Integer}, {"activation"}}, .parse = parse_dense});
//
// The fields are what the parser reads (LayerConfigReader refuses any other)
// and what the tuner's config checks a layer's JSON against before any data
// is loaded (tuner/integration/model_config.hpp).
//
// The first argument names the registration: the macro defines the symbol
// tunet_registered_layer_<id>, which every program linking tunet_nn asks the
// linker for (tunet_keep_registrations in cmake/TunetSettings.cmake), so a
// static library keeps the file although nothing calls into it.
#include <memory>
#include <string>
#include <vector>

#include "nn/layer.hpp"
#include "nn/layer_config_reader.hpp"

namespace tunet::nn {

struct LayerType {
  std::string name;                       // canonical, as Layer::type() returns it
  std::vector<std::string> aliases = {};  // other names it is known by
  int list_position = 100;                // where layer_types() and errors list it (ties: by name)
  std::vector<LayerField> fields = {};    // every field the parser reads, besides "name"
  std::unique_ptr<Layer> (*parse)(LayerConfigReader& read) = nullptr;  // "name" is read by make_layer
};

// Adds `type`; throws Error when its name or an alias (case-insensitive) is
// taken. Returns true, for the static initialiser of TUNET_REGISTER_LAYER.
// Registrations happen before any thread calls make_layer.
bool register_layer_type(LayerType type);

std::unique_ptr<Layer> make_layer(const std::string& type, const LayerConfig& config);

// The registered type of `name` (case-insensitive, aliases too); nullptr when none.
const LayerType* find_layer_type(const std::string& name);
// "unknown layer type 'densse' (did you mean 'Dense'?)", or with every
// registered type listed when none is near: the message make_layer throws.
std::string unknown_layer_type(const std::string& name);
// The fields `type` takes: its declared ones, then "name".
std::vector<LayerField> layer_fields(const LayerType& type);

std::vector<std::string> layer_types();  // the canonical type names

}  // namespace tunet::nn

#define TUNET_REGISTER_LAYER(id, ...) \
  /* GCC 12 warns about the fields a designated initializer leaves to their defaults */ \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmissing-field-initializers\"") \
  extern "C" const bool tunet_registered_layer_##id = ::tunet::nn::register_layer_type(::tunet::nn::LayerType __VA_ARGS__); \
  _Pragma("GCC diagnostic pop") static_assert(true)
