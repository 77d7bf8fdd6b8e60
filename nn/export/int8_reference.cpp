#include "nn/export/int8_reference.hpp"

#include <algorithm>

namespace tunet::nn {
namespace {

int8_t requantize(int32_t acc, const QuantOp& op, size_t channel) {
  const int32_t v = multiply_by_quantized_multiplier(acc, op.multipliers[channel]) + op.output.zero_point;
  return int8_t(std::clamp(v, op.act_min, op.act_max));
}

std::vector<int8_t> dense(const ExportStep& s, const QuantOp& op, const std::vector<int8_t>& x) {
  std::vector<int8_t> y(size_t(s.out));
  for (int64_t o = 0; o < s.out; ++o) {
    int32_t acc = op.bias[size_t(o)];
    for (int64_t i = 0; i < s.in; ++i)
      acc += (int32_t(x[size_t(i)]) - op.input.zero_point) * int32_t(op.weights[size_t(o * s.in + i)]);
    y[size_t(o)] = requantize(acc, op, size_t(o));
  }
  return y;
}

std::vector<int8_t> conv(const ExportStep& s, const QuantOp& op, const std::vector<int8_t>& x) {
  const Window2D& g = s.window;
  const int64_t k = g.kernel_h;
  std::vector<int8_t> y(size_t(s.out * g.out_h * g.out_w));
  for (int64_t f = 0; f < s.out; ++f)
    for (int64_t oy = 0; oy < g.out_h; ++oy)
      for (int64_t ox = 0; ox < g.out_w; ++ox) {
        int32_t acc = op.bias[size_t(f)];
        for (int64_t c = 0; c < s.in; ++c)
          for (int64_t ky = 0; ky < k; ++ky) {
            const int64_t iy = oy * g.stride_h - g.pad_top + ky;
            if (iy < 0 || iy >= g.in_h) continue;
            for (int64_t kx = 0; kx < k; ++kx) {
              const int64_t ix = ox * g.stride_w - g.pad_left + kx;
              if (ix < 0 || ix >= g.in_w) continue;
              acc += (int32_t(x[size_t((c * g.in_h + iy) * g.in_w + ix)]) - op.input.zero_point) *
                     int32_t(op.weights[size_t(((f * s.in + c) * k + ky) * k + kx)]);
            }
          }
        y[size_t((f * g.out_h + oy) * g.out_w + ox)] = requantize(acc, op, size_t(f));
      }
  return y;
}

std::vector<int8_t> max_pool(const ExportStep& s, const std::vector<int8_t>& x) {
  const Window2D& g = s.window;
  std::vector<int8_t> y(size_t(s.in * g.out_h * g.out_w));
  for (int64_t c = 0; c < s.in; ++c)
    for (int64_t oy = 0; oy < g.out_h; ++oy)
      for (int64_t ox = 0; ox < g.out_w; ++ox) {
        int8_t m = -128;
        for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
          const int64_t iy = oy * g.stride_h - g.pad_top + ky;
          if (iy < 0 || iy >= g.in_h) continue;
          for (int64_t kx = 0; kx < g.kernel_w; ++kx) {
            const int64_t ix = ox * g.stride_w - g.pad_left + kx;
            if (ix >= 0 && ix < g.in_w) m = std::max(m, x[size_t((c * g.in_h + iy) * g.in_w + ix)]);
          }
        }
        y[size_t((c * g.out_h + oy) * g.out_w + ox)] = m;
      }
  return y;
}

}  // namespace

std::vector<int8_t> run_int8_reference(const ExportPlan& plan, const QuantizedPlan& quantized,
                                       const std::vector<int8_t>& input) {
  std::vector<int8_t> h = input;
  for (size_t i = 0; i < quantized.int8_ops(); ++i) {
    const QuantOp& op = quantized.ops[i];
    const ExportStep& s = plan.steps[op.step];
    switch (op.kind) {
      case QuantOpKind::Dense: h = dense(s, op, h); break;
      case QuantOpKind::Conv: h = conv(s, op, h); break;
      case QuantOpKind::MaxPool: h = max_pool(s, h); break;
      case QuantOpKind::Lut:
        for (int8_t& v : h) v = op.table[size_t(int(v) + 128)];
        break;
    }
  }
  return h;
}

std::vector<float> run_float_output_reference(const ExportPlan& plan, const QuantizedPlan& quantized,
                                              const std::vector<int8_t>& last) {
  const QuantOp& op = quantized.ops.back();
  const ExportStep& s = plan.steps[op.step];
  std::vector<float> y(size_t(s.out));
  for (int64_t o = 0; o < s.out; ++o) {
    int32_t acc = op.bias[size_t(o)];
    for (int64_t i = 0; i < s.in; ++i)
      acc += (int32_t(last[size_t(i)]) - op.input.zero_point) * int32_t(op.weights[size_t(o * s.in + i)]);
    y[size_t(o)] = quantized.output_scales[size_t(o)] * float(acc);
  }
  return y;
}

}  // namespace tunet::nn
