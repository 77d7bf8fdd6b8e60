#include "nn/export/deployed_size.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "nn/activation_layer.hpp"
#include "nn/activations.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/export/code_size_table.hpp"
#include "nn/max_pool2d.hpp"

namespace tunet::nn {
namespace {

constexpr int64_t kArenaAlign = 8;
constexpr int64_t kTableBytes = 256;  // an int8 activation table: one output per int8 input

int64_t round_up(int64_t bytes) { return (bytes + kArenaAlign - 1) / kArenaAlign * kArenaAlign; }

std::string layer_label(size_t index, const Layer& layer) {
  return "layer " + std::to_string(index) + " (" + layer.type() + (layer.name().empty() ? "" : " '" + layer.name() + "'") +
         ")";
}

// One step of the exported program, as nn/export/export_plan.hpp makes it.
struct Step {
  enum Kind { Dense, Conv, MaxPool, Activation } kind = Dense;
  ActivationKind activation = ActivationKind::Linear;
  int64_t input_size = 0, output_size = 0;  // elements of one sample
  int64_t weights = 0, channels = 0;        // Dense / Conv: weight count and output channels
};

std::vector<Step> steps_of(const Sequential& model) {
  std::vector<Step> steps;
  const auto& layers = model.layers();
  check(!layers.empty(), "deployed size: the model has no layers");
  for (size_t i = 0; i < layers.size(); ++i) {
    const Layer& layer = *layers[i];
    Step s;
    if (const auto* dense = dynamic_cast<const nn::Dense*>(&layer)) {
      check(layer.input_shape().size() == 1, "deployed size: " + layer_label(i, layer) + " takes samples of shape " +
                                                 shape_str(layer.input_shape()) +
                                                 "; the C export needs a Dense on flat samples (add a Flatten before it)");
      s.kind = Step::Dense;
      s.activation = dense->activation();
      s.channels = dense->units();
      s.weights = layer.input_shape()[0] * dense->units();
    } else if (const auto* conv = dynamic_cast<const Conv2D*>(&layer)) {
      s.kind = Step::Conv;
      s.activation = conv->activation();
      s.channels = conv->filters();
      s.weights = conv->filters() * layer.input_shape()[0] * conv->kernel_size() * conv->kernel_size();
    } else if (dynamic_cast<const MaxPool2D*>(&layer)) {
      s.kind = Step::MaxPool;
    } else if (const auto* act = dynamic_cast<const nn::Activation*>(&layer)) {
      if (act->activation() == ActivationKind::Linear) continue;
      s.kind = Step::Activation;
      s.activation = act->activation();
    } else if (layer.type() == "Flatten" || layer.type() == "Dropout") {
      continue;
    } else {
      throw Error("deployed size: " + layer_label(i, layer) +
                  " has no C export; exportable layers: Dense, Conv2D, MaxPool2D, Activation, Flatten, Dropout");
    }
    s.input_size = shape_numel(layer.input_shape());
    s.output_size = shape_numel(layer.output_shape());
    steps.push_back(s);
  }
  check(!steps.empty(), "deployed size: the model computes nothing (only Flatten, Dropout or linear layers)");
  return steps;
}

// The ping-pong arena of nn/export/c_writer.cpp: a layer reading from the
// arena needs its input and its output there at once.
class Arena {
 public:
  void layer(int64_t in_bytes, int64_t out_bytes, bool input_in_arena) {
    need((input_in_arena ? round_up(in_bytes) : 0) + round_up(out_bytes));
  }
  void need(int64_t bytes) { bytes_ = std::max(bytes_, round_up(bytes)); }
  int64_t bytes() const { return std::max(bytes_, kArenaAlign); }

 private:
  int64_t bytes_ = 0;
};

// Float: every step but the last writes into the arena (the last one into the
// caller's output), and reads from it except the first.
int64_t float_arena(const std::vector<Step>& steps) {
  Arena arena;
  for (size_t i = 0; i + 1 < steps.size(); ++i)
    arena.layer(steps[i].input_size * 4, steps[i].output_size * 4, i > 0);
  if (steps.size() > 1) arena.need(steps.back().input_size * 4);
  return arena.bytes();
}

// int8 activations other than ReLU (a clamp fused into Dense / Conv) and
// softmax (the float output layer) are 256-entry tables.
bool needs_table(const Step& s) {
  const ActivationKind a = s.activation;
  if (a == ActivationKind::Linear || a == ActivationKind::Softmax) return false;
  return a != ActivationKind::Relu || s.kind == Step::Activation;
}

// The int8 export's float output layer: a last operation that is a Dense
// without a table activation (linear, or softmax done in float) writes its
// int32 sums dequantised straight into the caller's output. Its step index,
// or steps.size() when there is none.
size_t float_output_step(const std::vector<Step>& steps) {
  for (size_t i = steps.size(); i-- > 0;) {
    const Step& s = steps[i];
    if (s.kind == Step::Activation && !needs_table(s)) continue;  // softmax: no operation of its own
    const bool table = needs_table(s);
    return s.kind == Step::Dense && !table ? i : steps.size();
  }
  return steps.size();
}

// int8: the quantised input is in the arena, every int8 operation writes
// there; a table runs in place on a tensor already in the arena.
int64_t int8_arena(const std::vector<Step>& steps, int64_t input_size) {
  Arena arena;
  arena.need(input_size);
  bool in_arena = false;
  const size_t float_output = float_output_step(steps);
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    if (i == float_output) continue;
    if (s.kind != Step::Activation) {
      arena.layer(s.input_size, s.output_size, true);
      in_arena = true;
    }
    if (needs_table(s) && !in_arena) {
      arena.layer(s.output_size, s.output_size, true);
      in_arena = true;
    }
  }
  return arena.bytes();
}

int64_t constant_bytes(const std::vector<Step>& steps, Precision precision) {
  int64_t bytes = 0;
  const size_t float_output = float_output_step(steps);
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    if (precision == Precision::Float32) {
      bytes += 4 * (s.weights + s.channels);
    } else if (i == float_output) {
      bytes += s.weights + (4 + 4) * s.channels;  // int8 weights; int32 bias, float output scale
    } else {
      bytes += s.weights + (4 + 4 + 1) * s.channels;  // int8 weights; int32 bias, multiplier; int8 shift
      if (needs_table(s)) bytes += kTableBytes;
    }
  }
  return bytes;
}

int64_t code_bytes(const std::vector<Step>& steps, Precision precision) {
  int64_t bytes = layer_code_bytes("base", precision);
  std::map<std::string, int64_t> layers;                // per kind, so far
  std::set<std::string> activations = {"softmax"};      // softmax is in the base
  for (const Step& s : steps) {
    if (s.kind != Step::Activation) {
      const std::string kind = s.kind == Step::Dense ? "dense" : s.kind == Step::Conv ? "conv2d" : "maxpool2d";
      // The first layer of a kind brings its kernel (the first dense one is
      // in the base), each further one its "_more" row.
      const bool first = layers[kind]++ == 0;
      if (!first) bytes += layer_code_bytes(kind + "_more", precision);
      else if (kind != "dense") bytes += layer_code_bytes(kind, precision);
    }
    if (s.activation != ActivationKind::Linear && activations.insert(activation_name(s.activation)).second)
      bytes += layer_code_bytes(activation_name(s.activation), precision);
  }
  return bytes;
}

}  // namespace

const char* precision_name(Precision precision) { return precision == Precision::Int8 ? "int8" : "float32"; }

Precision precision_from_name(const std::string& name) {
  if (name == "float32") return Precision::Float32;
  if (name == "int8") return Precision::Int8;
  throw Error("unknown precision '" + name + "' (expected float32 or int8)");
}

int64_t layer_code_bytes(const std::string& kind, Precision precision) {
  for (const LayerCodeSize& row : kLayerCodeSizes)
    if (kind == row.kind && row.int8 == (precision == Precision::Int8)) return row.cortex_m4_bytes;
  return 0;
}

DeployedSize deployed_size(const Sequential& model, Precision precision) {
  const std::vector<Step> steps = steps_of(model);
  DeployedSize size;
  size.code_bytes = code_bytes(steps, precision);
  size.constant_bytes = constant_bytes(steps, precision);
  size.arena_bytes = precision == Precision::Int8 ? int8_arena(steps, shape_numel(model.input_shape()))
                                                  : float_arena(steps);
  size.flash_bytes = size.code_bytes + size.constant_bytes;
  size.ram_bytes = size.arena_bytes + kStackAllowanceBytes;
  return size;
}

}  // namespace tunet::nn
