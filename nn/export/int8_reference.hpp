#pragma once
// The int8 network in C++: the integer arithmetic the generated C runs, written
// once more as the reference the tests compare the C against exactly.
//
//   dense:   acc_o = bias_o + sum_i (x_i - in_zp) w_oi;  y_o = clamp(M_o(acc_o) + out_zp, act_min, act_max)
//   conv:    the same sum over each window's in-plane taps (padding contributes 0 = in_zp - in_zp)
//   max pool: the max over each window's in-plane taps
//   table:   y = table[x + 128]
// M_o is multiply_by_quantized_multiplier (nn/export/fixed_point.hpp).
#include <cstdint>
#include <vector>

#include "nn/export/export_plan.hpp"
#include "nn/export/quantize.hpp"

namespace tunet::nn {

// One sample's int8 input (plan.input_shape's elements) -> the last int8 tensor
// (with a float output layer: that layer's input).
std::vector<int8_t> run_int8_reference(const ExportPlan& plan, const QuantizedPlan& quantized,
                                       const std::vector<int8_t>& input);
// A float output layer on that tensor: output_scales[o] * acc_o (before any softmax).
std::vector<float> run_float_output_reference(const ExportPlan& plan, const QuantizedPlan& quantized,
                                              const std::vector<int8_t>& last);

}  // namespace tunet::nn
