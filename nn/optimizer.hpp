#pragma once
// Optimizer: the base every nn optimizer shares (the concrete ones and their
// formulas are in nn/optimizers.hpp).
//
//   auto opt = tunet::nn::make_optimizer("adam", {{"learning_rate", 1e-3}});
//   opt->step(parameters, gradients);   // the model's flat blocks
//
// The model keeps its parameters and gradients in one contiguous block each,
// so a step is one flat loop over the whole block: the state is one block of
// slots parallel to it (slot k of element i at k * n + i) and one step counter.
// Before the update the gradient may be clipped: clipnorm scales the whole
// gradient so that its global L2 norm is at most clipnorm (Keras's
// global_clipnorm), clipvalue clamps each element to [-clipvalue, clipvalue];
// 0 turns either off. The update then runs on the clipped value.
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/kernels/optimizer_updates.hpp"
#include "core/parallel.hpp"

namespace tunet::nn {

// Every setting of an optimizer by its Keras name ("learning_rate" -> 0.001);
// booleans are 0 / 1.
using OptimizerSettings = std::map<std::string, double>;

// The tuner's entry: "sgd", "momentum", "nesterov", "rmsprop", "adam", "nadam",
// "adadelta", "adagrad", "lion" (any case). Unknown names or settings -> Error
// listing the valid ones. "lr" is accepted for "learning_rate".
class Optimizer;
std::unique_ptr<Optimizer> make_optimizer(const std::string& name,
                                          const OptimizerSettings& settings = {});
std::vector<std::string> optimizer_names();

// What a model checkpoint stores of an optimizer besides its settings.
struct OptimizerState {
  int64_t iterations = 0;       // updates done so far (t of the last update)
  int64_t parameter_count = 0;  // elements per slot; 0 before the first step
  std::vector<float> slots;     // slot_count() * parameter_count values
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;

  // One update of `parameters` from `gradients` (same length, the same length
  // at every step). Allocates the state on the first call.
  void step(std::span<float> parameters, std::span<const float> gradients);

  virtual std::string name() const = 0;                // "Adam"; make_optimizer accepts it
  virtual OptimizerSettings settings() const = 0;      // all of them, clipping included
  virtual std::unique_ptr<Optimizer> clone() const = 0;  // settings and state
  virtual int slot_count() const = 0;                  // state values per parameter

  int64_t iterations() const { return state_.iterations; }
  const OptimizerState& state() const { return state_; }
  // Replaces the state (from a checkpoint); Error when its size does not fit.
  void set_state(OptimizerState state);
  void reset_state() { state_ = {}; }

 protected:
  // What one update sees: the flat blocks, the gradient clipping in force and t.
  struct Step {
    float* parameters;
    const float* gradients;
    float* slots;
    int64_t count;
    float grad_scale;  // clipnorm factor (1 when off)
    float clipvalue;   // 0 when off
    int64_t t;         // 1 for the first update
    float* slot(int k) const { return slots + k * count; }
  };

  Optimizer(double clipnorm, double clipvalue);
  virtual float initial_slot_value(int slot) const;
  virtual void update(const Step& step) = 0;

  // The driver loop every update() runs: f(i, g) for each element i with its
  // clipped gradient g; parallel above kParallelMinElements.
  template <class F>
  static void for_each_element(const Step& s, F f) {
    const float* grads = s.gradients;
    const float scale = s.grad_scale;
    const float limit = s.clipvalue;
    const int64_t count = s.count;
    // Two loops, so that the common one (no clipvalue) has no control flow and vectorises.
    if (limit > 0) {
      TUNET_OMP_FOR_IF(count >= kParallelMinElements)
      for (int64_t i = 0; i < count; ++i) f(i, kernels::clip_value(grads[i] * scale, limit));
    } else {
      TUNET_OMP_FOR_IF(count >= kParallelMinElements)
      for (int64_t i = 0; i < count; ++i) f(i, grads[i] * scale);
    }
  }

  double clipnorm_;
  double clipvalue_;
  OptimizerState state_;
};

}  // namespace tunet::nn
