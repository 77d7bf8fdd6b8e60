#pragma once
// The C text of an exported model: NAME.h (sizes, quantisation constants, entry
// points) and NAME.c (const weights, the kernels the model uses, the entry
// points), C99 and freestanding: no malloc, no stdio, no libm, no written globals.
//
// Working memory is one caller-provided arena used ping-pong: a layer reads its
// input from one end and writes its output at the other, so the arena is the
// largest (input + output) of any layer (each rounded up to 8 bytes); the
// model's own input and output live in the caller's buffers. In the int8
// export the quantised input and the last int8 tensor are in the arena too,
// and activation tables run in place.
#include <cstdint>
#include <string>

#include "nn/export/export_plan.hpp"
#include "nn/export/quantize.hpp"

namespace tunet::nn {

struct CSource {
  std::string header;  // NAME.h
  std::string source;  // NAME.c
  int64_t arena_bytes = 0;
};

// `name` is a C identifier: the files' and functions' prefix.
CSource write_c_float(const ExportPlan& plan, const std::string& name);
CSource write_c_int8(const ExportPlan& plan, const QuantizedPlan& quantized, const std::string& name);

}  // namespace tunet::nn
