#pragma once
// deployed_size: the flash and RAM a model takes once exported as C
// (nn::export_c, `tunet export --format c`) and linked into a Cortex-M4F
// firmware, from its architecture alone: no weights, no calibration, nothing
// exported. The tuner records it for every trial and bounds it with
// search.constraints, before any training.
//
//   nn::DeployedSize size = nn::deployed_size(model, nn::Precision::Int8);
//   size.flash_bytes;   // code + const data
//   size.ram_bytes;     // arena + stack allowance
//
//   flash_bytes = code_bytes + constant_bytes
//     code_bytes     = the runtime code of the layer kinds the model uses, from
//                      the table measured on the Cortex-M4F with arm-none-eabi-size
//                      (nn/export/code_size_table.hpp): the "base" row (the
//                      runtime, one dense layer and softmax), the row of each
//                      further kind used (conv2d, maxpool2d, each activation)
//                      and the "<kind>_more" row of each further Dense, Conv2D
//                      or MaxPool2D layer; the table's note gives its accuracy
//                      (within 10 % of whole models measured)
//     constant_bytes = the const arrays the export writes, byte for byte:
//                      float: 4 per weight and bias
//                      int8:  1 per weight, 4 per bias (int32), 4 + 1 per output
//                             channel (the requantisation multiplier, int32, and
//                             shift, int8), 256 per activation table; a last
//                             Dense without a table activation is a float output
//                             layer: 4 per channel (its output scale) in place of 4 + 1
//   ram_bytes   = arena_bytes + kStackAllowanceBytes
//     arena_bytes    = MODEL_ARENA_BYTES of the export: layers run ping-pong in one
//                      buffer, so it is the largest input + output of a layer
//                      inside the model (each rounded up to 8 bytes); int8: the
//                      quantised input lives there too, table activations run in
//                      place, a float output layer writes to the caller's output
//     kStackAllowanceBytes: the stack one prediction needs (the kernels keep
//                      their loop variables in registers and call no library
//                      function that recurses)
// The model's own input and output buffers are the caller's and not counted.
// Layers: those nn::export_c exports (Dense on flat samples, Conv2D, MaxPool2D,
// Activation, Flatten, Dropout); anything else is an Error naming the layer.
#include <cstdint>
#include <string>
#include <vector>

#include "nn/sequential.hpp"

namespace tunet::nn {

enum class Precision { Float32, Int8 };
const char* precision_name(Precision precision);          // "float32", "int8"
Precision precision_from_name(const std::string& name);  // Error naming the choices

// Stack one prediction uses, on top of the caller's frame.
inline constexpr int64_t kStackAllowanceBytes = 512;

struct DeployedSize {
  int64_t code_bytes = 0;
  int64_t constant_bytes = 0;
  int64_t arena_bytes = 0;
  int64_t flash_bytes = 0;  // code_bytes + constant_bytes
  int64_t ram_bytes = 0;    // arena_bytes + kStackAllowanceBytes
};

// `model` needs its layers (shapes) only: a model just built, before compile().
DeployedSize deployed_size(const Sequential& model, Precision precision);

// Cortex-M4F code bytes of one row of nn/export/code_size_table.hpp ("base",
// "dense_more", "conv2d", "conv2d_more", "maxpool2d", "maxpool2d_more" or an
// activation's name) in a float or int8 export; 0 for a kind it does not list.
int64_t layer_code_bytes(const std::string& kind, Precision precision);

}  // namespace tunet::nn
