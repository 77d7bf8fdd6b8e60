#include "nn/dropout.hpp"

#include <charconv>

#include "core/autograd.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "nn/input_check.hpp"

namespace tunet::nn {

Tensor dropout(const Tensor& x, double rate, Rng& rng) {
  check(x.defined(), "dropout: input tensor is undefined");
  check(rate >= 0 && rate < 1, "dropout: rate must be in [0, 1), got " + std::to_string(rate));
  if (rate == 0) return x;
  // mask = Bernoulli(1 - rate) / (1 - rate): the kept elements' scale folded in
  Tensor mask = Tensor::empty(x.shape(), x.device());
  rng.fill_bernoulli(mask, float(1 - rate));
  const float scale = float(1 / (1 - rate));
  const int64_t n = x.numel();
  float* m = mask.data();
  const float* xs = x.data();
  Tensor y = Tensor::empty(x.shape(), x.device());
  float* ys = y.data();
  TUNET_OMP_FOR_IF(n >= kParallelMinElements)
  for (int64_t i = 0; i < n; ++i) {
    m[i] *= scale;
    ys[i] = xs[i] * m[i];
  }
  record(y, "dropout", {x}, [x, mask, n](const Tensor&, const Tensor& grad_out) {
    float* dx = grad_buffer(x);
    if (!dx) return;
    const float* g = grad_out.data();
    const float* mv = mask.data();
    TUNET_OMP_FOR_IF(n >= kParallelMinElements)
    for (int64_t i = 0; i < n; ++i) dx[i] += g[i] * mv[i];  // dx += dy * mask
  });
  return y;
}

Dropout::Dropout(double rate) : rate_(rate) {
  check(rate >= 0 && rate < 1, "Dropout: rate must be in [0, 1), got " + std::to_string(rate));
}

Shape Dropout::build(const Shape& input_shape) {
  input_shape_ = input_shape;
  output_shape_ = input_shape;
  return output_shape_;
}

Tensor Dropout::forward(const Tensor& x, const ForwardContext& ctx) {
  check_batch_input(*this, x);
  if (!ctx.training || rate_ == 0) return x;
  check(ctx.rng != nullptr, "Dropout: training forward pass without an Rng (ForwardContext::rng)");
  return dropout(x, rate_, *ctx.rng);
}

LayerConfig Dropout::config() const {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof(text), rate_).ptr;  // shortest exact form
  return {{"rate", std::string(text, end)}};
}

std::unique_ptr<Layer> Dropout::clone() const { return std::make_unique<Dropout>(*this); }

}  // namespace tunet::nn
