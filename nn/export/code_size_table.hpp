#pragma once
// Code bytes each layer kind of an exported model (nn::export_c, `tunet export
// --format c`) adds, measured on a Cortex-M4F (arm-none-eabi-gcc -Os
// -mcpu=cortex-m4 -mfloat-abi=hard, linked with --gc-sections, the library
// routines it pulls in included) and on x86-64 (gcc -Os, the object's .text).
// Written by examples/embedded/measure_code_sizes.sh BUILD_DIR; rerun it when
// the generated C changes.
//
// "base" is the smallest classifier, dense(10) + softmax: the shared helpers
// (the exp approximation, requantisation) and one dense kernel. Every other row
// is what that kind adds to a model that has the base. A model's code is about
// base + the row of each kind it uses + the "_more" row of each further layer of
// that kind (the first dense layer is in base; a further use of an activation
// is a call, a few bytes): -Os code is not exactly additive, the estimate was
// within 10 % of the measured whole models (the main job's MLP, float: 564
// estimated, 536 measured; the GP tutorial's CNN: 1,100 and 1,220). The weights
// are counted apart (4 bytes a float parameter; int8: 1 byte a weight, 4 a bias,
// and a channel's requantisation multiplier and shift).
// int8: an activation is a lookup table of each layer that uses it (the const
// column), except ReLU, a clamp fused into the layer before it (a row of 0).
#include <cstdint>

namespace tunet::nn {

struct LayerCodeSize {
  const char* kind;  // "base", "dense_more", "conv2d", "conv2d_more", "maxpool2d", "maxpool2d_more"
                     // or an activation name
  bool int8;         // an int8 export (--int8) or a float one
  int64_t cortex_m4_bytes;     // code (.text)
  int64_t x86_64_bytes;        // code (.text)
  int64_t cortex_m4_const_bytes;  // constants besides the weights (an int8 activation's 256-byte table)
};

inline constexpr LayerCodeSize kLayerCodeSizes[] = {
    {"base", false, 424, 483, 0},
    {"base", true, 816, 898, 0},
    {"dense_more", false, 56, 77, 0},
    {"dense_more", true, 104, 120, 0},
    {"sigmoid", false, 84, 36, 0},
    {"sigmoid", true, 16, 32, 256},
    {"tanh", false, 96, 73, 0},
    {"tanh", true, 28, 31, 256},
    {"relu", false, 40, 34, 0},
    {"relu", true, 0, 0, 0},
    {"leaky_relu", false, 44, 43, 0},
    {"leaky_relu", true, 32, 31, 256},
    {"elu", false, 68, 19, 0},
    {"elu", true, 32, 31, 256},
    {"celu", false, 68, 19, 0},
    {"celu", true, 32, 31, 256},
    {"selu", false, 92, 47, 0},
    {"selu", true, 28, 31, 256},
    {"gelu", false, 268, 255, 0},
    {"gelu", true, 32, 31, 256},
    {"gelu_tanh", false, 144, 136, 0},
    {"gelu_tanh", true, 32, 31, 256},
    {"silu", false, 88, 40, 0},
    {"silu", true, 32, 31, 256},
    {"softplus", false, 188, 171, 0},
    {"softplus", true, 16, 32, 256},
    {"conv2d", false, 212, 229, 0},
    {"conv2d", true, 248, 285, 0},
    {"conv2d_more", false, 76, 130, 0},
    {"conv2d_more", true, 148, 179, 0},
    {"maxpool2d", false, 120, 172, 0},
    {"maxpool2d", true, 88, 116, 0},
    {"maxpool2d_more", false, 172, 253, 0},
    {"maxpool2d_more", true, 144, 220, 0},
};

}  // namespace tunet::nn
