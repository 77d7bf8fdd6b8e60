#pragma once
// Post-training int8 quantisation of an ExportPlan, following TensorFlow Lite's
// 8-bit quantization specification (tensorflow.org/lite/performance/quantization_spec):
//
//   real = scale (q - zero_point)
//   activations: int8 in [-128, 127], one (scale, zero_point) per tensor, from the
//                range each tensor takes on a calibration set (the range always holds 0,
//                so 0 is exact: zero padding and ReLU's clamp stay exact)
//   weights:     int8 in [-127, 127], symmetric (zero point 0), one scale per output
//                channel (Dense unit / Conv2D filter): scale = max |w| / 127
//   bias:        int32, scale = input_scale * weight_scale, zero point 0
//   requantise:  the int32 accumulator times M = input_scale * weight_scale / output_scale
//                in fixed point (nn/export/fixed_point.hpp), plus the output zero point,
//                clamped (a fused ReLU is the clamp at the output's zero point)
//   max pool:    on the int8 values directly (output scale = input scale): exact
//   other activations (sigmoid, tanh, gelu, ...): a 256-entry table from int8 input to
//                int8 output computed at export time, as TFLite's int8 logistic and tanh
//                kernels do (tensorflow/lite/kernels/activations.cc, PopulateLookupTable)
//   output:      a last Dense without a table activation (linear, or softmax) is a float
//                output layer: its int32 accumulators are dequantised straight to float,
//                out_o = input_scale * weight_scale_o * acc_o, so the logits lose nothing
//                to an int8 rounding (ties between close logits would flip the top-1);
//                otherwise the last int8 tensor is dequantised
//   softmax:     only as the last layer, in float on the dequantised logits
#include <cstdint>
#include <vector>

#include "core/tensor.hpp"
#include "nn/export/export_plan.hpp"
#include "nn/export/fixed_point.hpp"

namespace tunet::nn {

struct QuantParams {
  float scale = 1.0f;
  int32_t zero_point = 0;
};

enum class QuantOpKind { Dense, Conv, MaxPool, Lut };

struct QuantOp {
  QuantOpKind kind = QuantOpKind::Dense;
  size_t step = 0;             // the ExportPlan step it computes (a Lut: that step's activation)
  QuantParams input, output;
  int64_t input_size = 0, output_size = 0;  // elements per sample
  // Dense / Conv: the plan step's layout, int8; int32 bias; per-channel requantisation
  std::vector<int8_t> weights;
  std::vector<float> weight_scales;
  std::vector<int32_t> bias;
  std::vector<QuantizedMultiplier> multipliers;
  int32_t act_min = -128, act_max = 127;
  std::vector<int8_t> table;   // Lut: table[q + 128]
};

struct QuantizedPlan {
  QuantParams input;           // of the quantised model input
  QuantParams output;          // of the last int8 tensor
  std::vector<QuantOp> ops;
  bool softmax_output = false;  // the output holds logits; softmax in float
  // Non-empty: ops.back() is a Dense whose accumulators are dequantised to float,
  // out_o = output_scales[o] * acc_o (`output` is then unused).
  std::vector<float> output_scales;
  // The ops that produce int8 tensors (all but a float output layer).
  size_t int8_ops() const { return output_scales.empty() ? ops.size() : ops.size() - 1; }
};

// How each activation tensor's range is taken from the calibration set: its
// minimum and maximum (TFLite's default), or the given percentiles of its values
// (outliers clipped: a finer scale for the bulk).
struct CalibrationOptions {
  double percentile = 100.0;  // 100: min / max; e.g. 99.99 clips the extreme 0.01 % at each end
  int64_t batch_size = 256;
};

// `model` is the one `plan` was made from; `calibration` (N, *input_shape), N >= 1.
// Error for an empty set, one of the wrong shape or with non-finite values, or a
// softmax that is not the last layer.
QuantizedPlan quantize_plan(const Sequential& model, const ExportPlan& plan, const Tensor& calibration,
                            const CalibrationOptions& options = {});

// q = clamp(round(x / scale) + zero_point, -128, 127), rounding half away from
// zero in float exactly as the generated C does it.
int8_t quantize_value(float x, QuantParams p);

}  // namespace tunet::nn
