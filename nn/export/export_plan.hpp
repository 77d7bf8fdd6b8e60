#pragma once
// ExportPlan: a trained Sequential as the list of steps an inference runtime
// executes, with the weights in the layouts the generated C reads:
//
//   Dense(units, f)    -> Dense step, weights (units, in) row per output, bias (units)
//   Conv2D(..., f)     -> Conv step, weights (F, C, KH, KW) filter by filter, bias (F);
//                         one function whatever algorithm trained it (direct, im2col and
//                         Winograd compute the same convolution)
//   MaxPool2D          -> MaxPool step ("same": the max over the in-plane part of a window)
//   Activation(f)      -> Activation step (linear ones are dropped)
//   Flatten, Dropout   -> nothing (Flatten keeps the C-order (c, h, w) layout; Dropout is
//                         the identity at inference)
// Anything else -> Error naming the layer's index and type. Dense and Conv2D
// keep their activation fused (`activation`), as Sequential::predict applies it.
#include <cstdint>
#include <string>
#include <vector>

#include "core/window.hpp"
#include "nn/activations.hpp"
#include "nn/sequential.hpp"

namespace tunet::nn {

enum class ExportStepKind { Dense, Conv, MaxPool, Activation };

struct ExportStep {
  ExportStepKind kind = ExportStepKind::Dense;
  size_t layer_index = 0;     // the Sequential layer it comes from
  std::string layer_type;     // "Dense", ...
  ActivationKind activation = ActivationKind::Linear;
  Shape input_shape, output_shape;  // one sample's
  Window2D window;            // Conv and MaxPool
  int64_t in = 0, out = 0;    // Dense: input and output features; Conv: C and F
  std::vector<float> weights;  // Dense (out, in); Conv (F, C, KH, KW)
  std::vector<float> bias;     // (out) / (F)

  int64_t input_size() const { return shape_numel(input_shape); }
  int64_t output_size() const { return shape_numel(output_shape); }
};

struct ExportPlan {
  Shape input_shape;
  Shape output_shape;
  std::vector<ExportStep> steps;
};

// Error for a layer that has no export (index and type), a model without
// layers or without weights yet (not built: nothing trained or loaded).
ExportPlan plan_export(const Sequential& model);

const char* step_kind_name(ExportStepKind kind);

}  // namespace tunet::nn
