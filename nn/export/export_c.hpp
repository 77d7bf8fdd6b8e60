#pragma once
// export_c: a trained Sequential as freestanding C99 for a microcontroller (or
// any C compiler), float or int8:
//
//   nn::CExport c = nn::export_c(model, {.name = "model"});                  // float
//   nn::CExport q = nn::export_c(model, {.int8 = true, .calibration = x});  // int8
//   nn::write_c_export(q, "out/");   // out/model.h + out/model.c, written whole or not at all
//
// model.h defines MODEL_INPUT_SIZE, MODEL_OUTPUT_SIZE, MODEL_ARENA_BYTES,
// MODEL_ARENA_ALIGN, MODEL_INT8 and declares
//   void model_predict(const float* in, float* out, void* arena);
// which returns what Sequential::predict returns for one sample (float: within
// 1e-5; int8: the int8 network's output, dequantised). The int8 export adds
// MODEL_INPUT_SCALE / _ZERO_POINT, MODEL_OUTPUT_SCALE / _ZERO_POINT,
// model_quantize_input(in, q) and model_predict_int8(q, out, arena).
// model.c holds the weights as const arrays, the kernels of the layer kinds the
// model uses and nothing else: no malloc, no stdio, no libm (nn/export/c_math.hpp),
// no globals that are written. It compiles with
//   cc -std=c99 -Wall -Wextra -Werror -pedantic -ffreestanding -c model.c
//
// Layers: Dense, Conv2D (any padding and stride, whatever algorithm trained it),
// MaxPool2D, Flatten, Dropout (the identity), Activation, every activation;
// anything else is an Error naming the layer (nn/export/export_plan.hpp).
// int8: TensorFlow Lite's 8-bit quantization specification
// (tensorflow.org/lite/performance/quantization_spec), nn/export/quantize.hpp.
#include <cstdint>
#include <string>

#include "core/tensor.hpp"
#include "nn/export/quantize.hpp"
#include "nn/sequential.hpp"

namespace tunet::nn {

struct ExportOptions {
  std::string name = "model";   // a C identifier: NAME.h, NAME.c, NAME_predict, NAME_ARENA_BYTES
  bool int8 = false;
  Tensor calibration = {};      // int8: samples (N, *input_shape), e.g. 1000 training images
  CalibrationOptions calibration_options = {};
};

struct CExport {
  std::string name;
  std::string header;   // NAME.h
  std::string source;   // NAME.c
  int64_t arena_bytes = 0;
  bool int8 = false;
  QuantizedPlan quantized;  // int8: the scales, zero points and integer weights written
};

// Error naming the layer for a model that cannot be exported, the field for bad options.
CExport export_c(const Sequential& model, const ExportOptions& options = {});

// Writes DIR/NAME.h and DIR/NAME.c (DIR is created): each to a temporary name
// first, both renamed at the end, so DIR never holds half an export.
void write_c_export(const CExport& exported, const std::string& directory);

}  // namespace tunet::nn
