#include "nn/export/export_plan.hpp"

#include "core/error.hpp"
#include "nn/activation_layer.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/max_pool2d.hpp"

namespace tunet::nn {
namespace {

std::string layer_label(size_t index, const Layer& layer) {
  return "layer " + std::to_string(index) + " (" + layer.type() +
         (layer.name().empty() ? "" : " '" + layer.name() + "'") + ")";
}

const float* weights_of(const Tensor& t, size_t index, const Layer& layer) {
  check(t.defined() && t.device().is_cpu(),
        "export: " + layer_label(index, layer) +
            " has no weights on the CPU: train, load or compile the model before exporting it");
  return t.data();
}

ExportStep dense_step(const Dense& dense, size_t index) {
  ExportStep s;
  s.kind = ExportStepKind::Dense;
  s.activation = dense.activation();
  check(dense.input_shape().size() == 1,
        "export: " + layer_label(index, dense) + " takes samples of shape " + shape_str(dense.input_shape()) +
            "; the C export needs a Dense on flat samples (add a Flatten before it)");
  s.in = dense.input_shape()[0];
  s.out = dense.units();
  const float* w = weights_of(dense.kernel(), index, dense);  // (in, out)
  const float* b = weights_of(dense.bias(), index, dense);
  s.weights.resize(size_t(s.in * s.out));
  for (int64_t o = 0; o < s.out; ++o)
    for (int64_t i = 0; i < s.in; ++i) s.weights[size_t(o * s.in + i)] = w[i * s.out + o];
  s.bias.assign(b, b + s.out);
  return s;
}

ExportStep conv_step(const Conv2D& conv, size_t index) {
  ExportStep s;
  s.kind = ExportStepKind::Conv;
  s.activation = conv.activation();
  const Shape& x = conv.input_shape();  // (C, H, W)
  const int64_t k = conv.kernel_size();
  s.window = make_window("Conv2D", x[1], x[2], k, k, conv.strides(), conv.strides(), conv.padding());
  s.in = x[0];
  s.out = conv.filters();
  const float* w = weights_of(conv.kernel(), index, conv);  // (KH, KW, C, F)
  const float* b = weights_of(conv.bias(), index, conv);
  s.weights.resize(size_t(s.out * s.in * k * k));
  for (int64_t f = 0; f < s.out; ++f)
    for (int64_t c = 0; c < s.in; ++c)
      for (int64_t ky = 0; ky < k; ++ky)
        for (int64_t kx = 0; kx < k; ++kx)
          s.weights[size_t(((f * s.in + c) * k + ky) * k + kx)] = w[((ky * k + kx) * s.in + c) * s.out + f];
  s.bias.assign(b, b + s.out);
  return s;
}

ExportStep pool_step(const MaxPool2D& pool) {
  ExportStep s;
  s.kind = ExportStepKind::MaxPool;
  const Shape& x = pool.input_shape();
  s.window = make_window("MaxPool2D", x[1], x[2], pool.pool_size(), pool.pool_size(), pool.strides(),
                         pool.strides(), pool.padding());
  s.in = s.out = x[0];
  return s;
}

}  // namespace

const char* step_kind_name(ExportStepKind kind) {
  switch (kind) {
    case ExportStepKind::Dense: return "dense";
    case ExportStepKind::Conv: return "conv2d";
    case ExportStepKind::MaxPool: return "max_pool2d";
    case ExportStepKind::Activation: return "activation";
  }
  return "?";
}

ExportPlan plan_export(const Sequential& model) {
  const auto& layers = model.layers();
  check(!layers.empty(), "export: the model has no layers");
  ExportPlan plan;
  plan.input_shape = model.input_shape();
  plan.output_shape = model.output_shape();
  for (size_t i = 0; i < layers.size(); ++i) {
    const Layer& layer = *layers[i];
    const std::string type = layer.type();
    ExportStep step;
    if (const auto* dense = dynamic_cast<const Dense*>(&layer)) {
      step = dense_step(*dense, i);
    } else if (const auto* conv = dynamic_cast<const Conv2D*>(&layer)) {
      step = conv_step(*conv, i);
    } else if (const auto* pool = dynamic_cast<const MaxPool2D*>(&layer)) {
      step = pool_step(*pool);
    } else if (const auto* act = dynamic_cast<const Activation*>(&layer)) {
      if (act->activation() == ActivationKind::Linear) continue;
      step.kind = ExportStepKind::Activation;
      step.activation = act->activation();
    } else if (type == "Flatten" || type == "Dropout") {
      continue;  // a view of the same C-order values / the identity at inference
    } else {
      throw Error("export: " + layer_label(i, layer) +
                  " has no C export; exportable layers: Dense, Conv2D, MaxPool2D, Activation, Flatten, Dropout");
    }
    step.layer_index = i;
    step.layer_type = type;
    step.input_shape = layer.input_shape();
    step.output_shape = layer.output_shape();
    plan.steps.push_back(std::move(step));
  }
  check(!plan.steps.empty(), "export: the model computes nothing (only Flatten, Dropout or linear layers)");
  return plan;
}

}  // namespace tunet::nn
