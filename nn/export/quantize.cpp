#include "nn/export/quantize.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/autograd.hpp"
#include "core/error.hpp"
#include "core/nn_ops.hpp"

namespace tunet::nn {
namespace {

// The values one tensor took over the calibration set: its extremes, and a
// bounded sample of its values when a percentile is asked for.
class RangeObserver {
 public:
  explicit RangeObserver(double percentile) : percentile_(percentile) {}

  void observe(const Tensor& t) {
    const float* v = t.data();
    const int64_t n = t.numel();
    for (int64_t i = 0; i < n; ++i) {
      lo_ = std::min(lo_, v[i]);
      hi_ = std::max(hi_, v[i]);
    }
    if (percentile_ < 100.0) {
      const int64_t stride = std::max<int64_t>(1, n / kSamplesPerBatch);
      for (int64_t i = 0; i < n; i += stride) sample_.push_back(v[i]);
    }
  }

  // [lo, hi] widened to hold 0 (so zero padding and ReLU's clamp are exact).
  std::pair<float, float> range() {
    float lo = lo_, hi = hi_;
    if (percentile_ < 100.0 && !sample_.empty()) {
      std::sort(sample_.begin(), sample_.end());
      const auto at = [&](double p) {
        return sample_[size_t(std::llround(p / 100.0 * double(sample_.size() - 1)))];
      };
      lo = at(100.0 - percentile_);
      hi = at(percentile_);
    }
    return {std::min(lo, 0.0f), std::max(hi, 0.0f)};
  }

 private:
  static constexpr int64_t kSamplesPerBatch = 20000;
  double percentile_;
  float lo_ = std::numeric_limits<float>::infinity();
  float hi_ = -std::numeric_limits<float>::infinity();
  std::vector<float> sample_;
};

// TFLite's asymmetric int8 parameters for a range holding 0.
QuantParams params_for(std::pair<float, float> range) {
  const double lo = range.first, hi = range.second;
  QuantParams p;
  p.scale = hi > lo ? float((hi - lo) / 255.0) : 1.0f;
  const double zp = std::round(-128.0 - lo / double(p.scale));
  p.zero_point = int32_t(std::clamp(zp, -128.0, 127.0));
  return p;
}

bool needs_table(ActivationKind kind) {
  return kind != ActivationKind::Linear && kind != ActivationKind::Relu && kind != ActivationKind::Softmax;
}

struct StepRanges {
  RangeObserver pre;   // before the activation (table input, softmax logits)
  RangeObserver post;  // the step's output
};

// Weights (out channels of `per_channel` values each) to int8 with one symmetric
// scale per channel; bias to int32 at input_scale * weight_scale.
void quantize_weights(const ExportStep& step, QuantParams input, QuantOp& op) {
  const auto channels = size_t(step.out);
  const size_t per_channel = step.weights.size() / channels;
  op.weights.resize(step.weights.size());
  op.weight_scales.resize(channels);
  op.bias.resize(channels);
  op.multipliers.resize(channels);
  for (size_t c = 0; c < channels; ++c) {
    const float* w = step.weights.data() + c * per_channel;
    float max_abs = 0;
    for (size_t i = 0; i < per_channel; ++i) max_abs = std::max(max_abs, std::fabs(w[i]));
    const float scale = max_abs > 0 ? max_abs / 127.0f : 1.0f;
    op.weight_scales[c] = scale;
    for (size_t i = 0; i < per_channel; ++i)
      op.weights[c * per_channel + i] = int8_t(std::clamp(std::round(w[i] / scale), -127.0f, 127.0f));
    const double bias_scale = double(input.scale) * double(scale);
    const double b = std::round(double(step.bias[c]) / bias_scale);
    op.bias[c] = int32_t(std::clamp(b, -2147483648.0, 2147483647.0));
    op.multipliers[c] = quantize_multiplier(bias_scale / double(op.output.scale));
  }
}

// table[q + 128] = quantize(f(dequantize(q))), f the activation exactly as predict computes it.
std::vector<int8_t> activation_table(ActivationKind kind, QuantParams in, QuantParams out) {
  Tensor x = Tensor::empty({1, 256});
  for (int q = -128; q < 128; ++q) x.data()[q + 128] = in.scale * float(q - in.zero_point);
  NoGradGuard no_grad;
  const Tensor y = activation(x, kind);
  std::vector<int8_t> table(256);
  for (int i = 0; i < 256; ++i) table[size_t(i)] = quantize_value(y.data()[i], out);
  return table;
}

std::string step_label(const ExportStep& s) {
  return "layer " + std::to_string(s.layer_index) + " (" + s.layer_type + ")";
}

}  // namespace

int8_t quantize_value(float x, QuantParams p) {
  float r = x / p.scale;
  if (!(r > -300.0f)) r = -300.0f;  // also NaN
  if (r > 300.0f) r = 300.0f;
  const int32_t q = int32_t(r + (r >= 0.0f ? 0.5f : -0.5f)) + p.zero_point;
  return int8_t(std::clamp(q, -128, 127));
}

QuantizedPlan quantize_plan(const Sequential& model, const ExportPlan& plan, const Tensor& calibration,
                            const CalibrationOptions& options) {
  const Shape& in_shape = model.input_shape();
  std::string dims;
  for (int64_t d : in_shape) dims += (dims.empty() ? "" : ", ") + std::to_string(d);
  check(calibration.defined() && calibration.shape().size() == in_shape.size() + 1,
        "int8 export: the calibration set must have shape (N, " + dims + "), got " +
            (calibration.defined() ? shape_str(calibration.shape()) : std::string("nothing")));
  check(Shape(calibration.shape().begin() + 1, calibration.shape().end()) == in_shape,
        "int8 export: the calibration set has samples of shape " +
            shape_str(Shape(calibration.shape().begin() + 1, calibration.shape().end())) +
            "; the model takes " + shape_str(in_shape));
  const int64_t n = calibration.dim(0);
  check(n >= 1, "int8 export: the calibration set is empty");
  check(options.percentile > 50.0 && options.percentile <= 100.0,
        "int8 export: calibration percentile must be in (50, 100], got " + std::to_string(options.percentile));
  {
    const float* v = calibration.data();
    for (int64_t i = 0; i < calibration.numel(); ++i)
      if (!std::isfinite(v[i]))
        throw Error("int8 export: calibration value " + std::to_string(i) + " is not finite");
  }

  // ---- calibration: run the model layer by layer, as predict does ----
  RangeObserver input_range(options.percentile);
  std::vector<StepRanges> ranges;
  for (size_t s = 0; s < plan.steps.size(); ++s)
    ranges.push_back({RangeObserver(options.percentile), RangeObserver(options.percentile)});
  const auto& layers = model.layers();
  NoGradGuard no_grad;
  for (int64_t lo = 0; lo < n; lo += options.batch_size) {
    const int64_t hi = std::min(n, lo + options.batch_size);
    Shape batch_shape = in_shape;
    batch_shape.insert(batch_shape.begin(), hi - lo);
    Tensor h = Tensor::from(batch_shape, std::span<const float>(calibration.data() + lo * shape_numel(in_shape),
                                                                size_t((hi - lo) * shape_numel(in_shape))));
    input_range.observe(h);
    size_t s = 0;
    for (size_t i = 0; i < layers.size(); ++i) {
      const bool is_step = s < plan.steps.size() && plan.steps[s].layer_index == i;
      ForwardContext ctx;
      if (is_step && plan.steps[s].kind != ExportStepKind::MaxPool &&
          plan.steps[s].activation != ActivationKind::Linear && plan.steps[s].kind != ExportStepKind::Activation) {
        ForwardContext logits;
        logits.output_logits = true;
        ranges[s].pre.observe(layers[i]->forward(h, logits));
      }
      if (is_step && plan.steps[s].kind == ExportStepKind::Activation) ranges[s].pre.observe(h);
      h = layers[i]->forward(h, ctx);
      if (is_step) ranges[s++].post.observe(h);
    }
  }

  // ---- the int8 program ----
  QuantizedPlan q;
  q.input = params_for(input_range.range());
  QuantParams current = q.input;
  for (size_t s = 0; s < plan.steps.size(); ++s) {
    const ExportStep& step = plan.steps[s];
    const bool last = s + 1 == plan.steps.size();
    const ActivationKind act = step.activation;
    if (act == ActivationKind::Softmax && !last)
      throw Error("int8 export: " + step_label(step) +
                  " applies softmax but is not the last layer; softmax is exported only as the output layer");
    if (step.kind == ExportStepKind::Dense || step.kind == ExportStepKind::Conv) {
      QuantOp op;
      op.kind = step.kind == ExportStepKind::Dense ? QuantOpKind::Dense : QuantOpKind::Conv;
      op.step = s;
      op.input = current;
      op.input_size = step.input_size();
      op.output_size = step.output_size();
      const bool clamp_only = act == ActivationKind::Linear || act == ActivationKind::Relu;
      op.output = params_for(clamp_only ? ranges[s].post.range() : ranges[s].pre.range());
      if (act == ActivationKind::Relu) op.act_min = op.output.zero_point;
      quantize_weights(step, current, op);
      current = op.output;
      q.ops.push_back(std::move(op));
    } else if (step.kind == ExportStepKind::MaxPool) {
      QuantOp op;
      op.kind = QuantOpKind::MaxPool;
      op.step = s;
      op.input = op.output = current;
      op.input_size = step.input_size();
      op.output_size = step.output_size();
      q.ops.push_back(std::move(op));
    }
    if (act == ActivationKind::Softmax) {
      q.softmax_output = true;
    } else if (needs_table(act) || (step.kind == ExportStepKind::Activation && act == ActivationKind::Relu)) {
      QuantOp op;
      op.kind = QuantOpKind::Lut;
      op.step = s;
      op.input = current;
      op.output = params_for(ranges[s].post.range());
      op.input_size = op.output_size = step.output_size();
      op.table = activation_table(act, op.input, op.output);
      current = op.output;
      q.ops.push_back(std::move(op));
    }
  }
  q.output = current;
  if (q.ops.empty()) return q;
  QuantOp& last = q.ops.back();
  const ActivationKind last_activation = plan.steps[last.step].activation;
  if (last.kind == QuantOpKind::Dense &&
      (last_activation == ActivationKind::Linear || last_activation == ActivationKind::Softmax)) {
    for (float w_scale : last.weight_scales) q.output_scales.push_back(float(double(last.input.scale) * double(w_scale)));
    q.output = last.input;
  }
  return q;
}

}  // namespace tunet::nn
