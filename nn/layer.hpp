#pragma once
// Layer: the interface every nn layer implements, and the contract with Sequential.
//
// Life of a layer inside a model:
//   1. build(input_shape) once: the layer learns its input shape (one sample,
//      no batch axis), returns its output shape and declares its parameters.
//   2. The model allocates ONE contiguous block for all parameters (and one for
//      their gradients) and calls bind() with views into it, in declaration order.
//   3. initialize(rng) fills the bound parameters (glorot_uniform, zeros, ...).
//   4. forward(x, ctx) on batches (x has the batch axis first).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "core/tensor.hpp"

namespace tunet::nn {

// One parameter a layer asks for: "kernel" (in, out), "bias" (out), ...
struct ParameterSpec {
  std::string name;
  Shape shape;
  std::string initializer;  // "glorot_uniform", "he_normal", "lecun_normal", "zeros", "ones"
  int64_t fan_in = 0;       // for the variance-scaling initializers
  int64_t fan_out = 0;
};

// What a forward pass needs besides its input.
struct ForwardContext {
  bool training = false;  // dropout active, statistics updated
  Rng* rng = nullptr;     // for dropout masks; set by the model in training
  // Set by the model for its last layer when the loss fuses with that layer's
  // activation (nn/losses.hpp, loss_fuses_with): the layer returns the logits,
  // skipping its final activation. Layers without an activation ignore it.
  bool output_logits = false;
};

// A layer's settings as text, for summary(), save() and load() ("units" -> "100").
using LayerConfig = std::map<std::string, std::string>;

class Layer {
 public:
  virtual ~Layer() = default;

  virtual std::string type() const = 0;  // "Dense", as summary() prints it
  virtual Shape build(const Shape& input_shape) = 0;  // -> output shape (no batch axis)
  virtual std::vector<ParameterSpec> parameter_specs() const { return {}; }
  virtual void bind(std::vector<Tensor> parameters) { (void)parameters; }
  virtual Tensor forward(const Tensor& x, const ForwardContext& ctx) = 0;
  virtual LayerConfig config() const = 0;
  // A line summary() prints under the layer's row (Conv2D: its algorithm), or "".
  virtual std::string summary_note() const { return ""; }
  virtual std::unique_ptr<Layer> clone() const = 0;

  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }
  const Shape& input_shape() const { return input_shape_; }   // valid after build()
  const Shape& output_shape() const { return output_shape_; }

 protected:
  std::string name_;
  Shape input_shape_;
  Shape output_shape_;
};

}  // namespace tunet::nn
