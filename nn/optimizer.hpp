#pragma once
// Optimizer: runs one of the optimizers of nn/optimizers.hpp over a model's
// flat parameter block and keeps its state.
//
//   nn::Optimizer opt = nn::Adam({.learning_rate = 1e-3});
//   opt.step(parameters, gradients);   // the model's flat blocks (Tensors on any device)
//   auto named = nn::make_optimizer("adam", {{"learning_rate", 1e-3}});   // the tuner's entry
//
// The model keeps its parameters and gradients in one contiguous block each,
// so a step is one core op (optimizer_step, core/optimizer_step.hpp) over the
// whole block: the state is one block of slots parallel to it (slot k of
// element i at k * n + i) on the parameters' device, and one step counter.
// The step's scalars (decayed learning rate, bias corrections, momentum
// schedules) are computed here on the host, once per step. Before the update
// the gradient may be clipped: clipnorm scales the whole gradient so that its
// global L2 norm is at most clipnorm, clipvalue clamps each element to
// [-clipvalue, clipvalue]; 0 turns either off.
//
// Learning rate: the settings' learning_rate, or, when a schedule is given
// (nn/lr_schedule.hpp), the schedule's value at iterations() (the updates
// done before this one, as Keras evaluates it):
//   nn::Optimizer opt(nn::SGD({}), nn::ExponentialDecay({.initial_learning_rate = 0.1, .decay_steps = 100}));
// set_learning_rate() (ReduceLROnPlateau) changes the settings' value; it is
// an Error under a schedule, as in Keras.
#include <concepts>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "nn/lr_schedule.hpp"
#include "nn/optimizers.hpp"

namespace tunet::nn {

// Every setting of an optimizer by its Keras name ("learning_rate" -> 0.001);
// booleans are 0 / 1.
using OptimizerSettings = std::map<std::string, double>;

// What a model checkpoint stores of an optimizer besides its settings, on the
// host whatever the device, so a checkpoint loads on any device.
struct OptimizerState {
  int64_t iterations = 0;       // updates done so far (t of the last update)
  int64_t parameter_count = 0;  // elements per slot; 0 before the first step
  std::vector<float> slots;     // slot_count() * parameter_count values
};

// A product over the steps, carried between steps on the host (a momentum
// schedule's P_t = prod_{i<=t} mu_i, nn/optimizers.hpp): `value` holds it for step `t`.
struct RunningProduct {
  int64_t t = 0;
  double value = 1.0;
};

// One of the structs of nn/optimizers.hpp.
template <class T, class Variant>
inline constexpr bool kIsAlternative = false;
template <class T, class... Ts>
inline constexpr bool kIsAlternative<T, std::variant<Ts...>> = (std::same_as<T, Ts> || ...);
template <class T>
concept OptimizerChoice = kIsAlternative<T, OptimizerConfig>;

class Optimizer {
 public:
  // From any optimizer's settings: Optimizer opt = nn::Adam({...}). Error
  // naming the setting when one is outside its valid range.
  // (Implicit, so that compile(nn::Adam({...}), ...) takes the struct itself.)
  template <OptimizerChoice Config>
  Optimizer(const Config& config) : Optimizer(OptimizerConfig(config)) {}
  explicit Optimizer(OptimizerConfig config);
  // With a learning-rate schedule in place of the settings' learning_rate.
  template <OptimizerChoice Config>
  Optimizer(const Config& config, LearningRateSchedule schedule)
      : Optimizer(OptimizerConfig(config), std::move(schedule)) {}
  Optimizer(OptimizerConfig config, std::optional<LearningRateSchedule> schedule);
  // Copies are independent: the state is copied, not shared.
  Optimizer(const Optimizer& other);
  Optimizer& operator=(const Optimizer& other);
  Optimizer(Optimizer&&) noexcept = default;
  Optimizer& operator=(Optimizer&&) noexcept = default;

  // One update of `parameters` from `gradients` (same length, the same length
  // at every step, one device). Allocates the state on the parameters' device
  // on the first call, and moves it there if it lives elsewhere.
  void step(Tensor& parameters, const Tensor& gradients);

  std::string name() const;              // "Adam"; make_optimizer accepts it
  OptimizerSettings settings() const;    // all of them, clipping included
  const OptimizerConfig& config() const { return config_; }
  std::unique_ptr<Optimizer> clone() const { return std::make_unique<Optimizer>(*this); }
  int slot_count() const;                // state values per parameter

  int64_t iterations() const { return iterations_; }
  // The learning rate of the next update: the schedule's at iterations(), else the settings'.
  double learning_rate() const;
  // Sets the settings' learning_rate (>= 0); Error when a schedule drives it.
  void set_learning_rate(double learning_rate);
  const std::optional<LearningRateSchedule>& schedule() const { return schedule_; }
  // The state, downloaded to the host.
  OptimizerState state() const;
  // Replaces the state (from a checkpoint); Error when its size does not fit.
  void set_state(const OptimizerState& state);
  void reset_state();
  // Moves the state to `device` (the next step moves it to the parameters' device anyway).
  void to(Device device);

 private:
  OptimizerConfig config_;
  std::optional<LearningRateSchedule> schedule_;
  int64_t iterations_ = 0;
  int64_t parameter_count_ = 0;  // elements per slot, once slots_ is allocated
  Tensor slots_;                 // slot_count() * parameter_count_; undefined before the first step
  RunningProduct product_;
};

// The tuner's entry: an optimizer's name in any case ("adam", "SGD"; the
// names are optimizer_names(), one per table in nn/optimizers.cpp). Unknown names or settings ->
// Error listing the valid ones (with their defaults). "lr" is accepted for
// "learning_rate".
std::unique_ptr<Optimizer> make_optimizer(const std::string& name, const OptimizerSettings& settings = {});
std::vector<std::string> optimizer_names();

// The settings reference in Markdown, from the tables: for each optimizer its
// make_optimizer name and every setting with its default, valid values and
// meaning (docs/optimizers.md holds a copy that a test keeps current).
std::string optimizer_docs();

}  // namespace tunet::nn
