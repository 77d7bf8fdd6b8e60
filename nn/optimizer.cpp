// The optimizer driver: state allocation on the parameters' device, the step
// counter, the step's scalars from the optimizer's table, then the core op.
#include "nn/optimizer.hpp"

#include <cmath>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "core/optimizer_step.hpp"
#include "nn/optimizer_table.hpp"

namespace tunet::nn {

Optimizer::Optimizer(OptimizerConfig config) : config_(std::move(config)) { check_optimizer(config_); }

Optimizer::Optimizer(OptimizerConfig config, std::optional<LearningRateSchedule> schedule)
    : config_(std::move(config)), schedule_(std::move(schedule)) {
  check_optimizer(config_);
  if (schedule_) check_schedule(*schedule_);
}

Optimizer::Optimizer(const Optimizer& other)
    : config_(other.config_),
      schedule_(other.schedule_),
      iterations_(other.iterations_),
      parameter_count_(other.parameter_count_),
      slots_(other.slots_.defined() ? other.slots_.clone() : Tensor()),
      product_(other.product_) {}

Optimizer& Optimizer::operator=(const Optimizer& other) {
  if (this != &other) *this = Optimizer(other);
  return *this;
}

std::string Optimizer::name() const { return optimizer_name(config_); }

OptimizerSettings Optimizer::settings() const { return optimizer_settings(config_); }

int Optimizer::slot_count() const {
  RunningProduct scratch;  // the slot count does not depend on the step
  const UpdatePlan plan = plan_update(config_, 1, scratch);
  return optimizer_slot_count(plan.kind, plan.scalars);
}

void Optimizer::step(Tensor& parameters, const Tensor& gradients) {
  const int64_t n = parameters.numel();
  if (gradients.numel() != n)  // (messages built only on failure: step() is hot)
    throw Error(name() + ".step: " + std::to_string(n) + " parameters but " + std::to_string(gradients.numel()) +
                " gradients");
  if (!slots_.defined()) {
    const int slots = slot_count();
    slots_ = Tensor::empty({slots * n}, parameters.device());
    for (int k = 0; k < slots; ++k)
      Tensor::view_of(slots_.storage(), slots_.offset() + k * n, {n}).fill(initial_slot_value(config_, k));
    parameter_count_ = n;
  }
  if (parameter_count_ != n)
    throw Error(name() + ".step: the optimizer state is for " + std::to_string(parameter_count_) +
                " parameters, got " + std::to_string(n) + " (one optimizer per model; reset_state() to start over)");
  if (slots_.device() != parameters.device()) slots_ = slots_.to(parameters.device());

  const int64_t t = iterations_ + 1;
  OptimizerConfig scheduled;  // the settings with this step's scheduled learning rate
  if (schedule_) {
    scheduled = config_;
    std::visit([&](auto& c) { c.learning_rate = learning_rate_at(*schedule_, iterations_); }, scheduled);
  }
  const UpdatePlan plan = plan_update(schedule_ ? scheduled : config_, t, product_);
  optimizer_step(plan.kind, plan.scalars, parameters, gradients, slots_);
  iterations_ = t;
}

double Optimizer::learning_rate() const {
  if (schedule_) return learning_rate_at(*schedule_, iterations_);
  return std::visit([](const auto& c) { return c.learning_rate; }, config_);
}

void Optimizer::set_learning_rate(double learning_rate) {
  if (schedule_)
    throw Error(name() + ": the learning rate follows a " + schedule_name(*schedule_) +
                " schedule and cannot be set (Keras refuses the same)");
  check(learning_rate >= 0 && std::isfinite(learning_rate),
        name() + ": learning_rate must be a finite value >= 0, got " + std::to_string(learning_rate));
  std::visit([&](auto& c) { c.learning_rate = learning_rate; }, config_);
}

OptimizerState Optimizer::state() const {
  if (!slots_.defined()) return {.iterations = iterations_, .parameter_count = 0, .slots = {}};
  return {.iterations = iterations_, .parameter_count = parameter_count_, .slots = slots_.to_vector()};
}

void Optimizer::set_state(const OptimizerState& state) {
  const auto expected = static_cast<size_t>(slot_count()) * static_cast<size_t>(state.parameter_count);
  check(state.iterations >= 0 && state.parameter_count >= 0 && state.slots.size() == expected,
        name() + ": optimizer state holds " + std::to_string(state.slots.size()) + " values for " +
            std::to_string(state.parameter_count) + " parameters, expected " + std::to_string(slot_count()) +
            " slots per parameter");
  const Device device = slots_.defined() ? slots_.device() : Device::CPU;
  iterations_ = state.iterations;
  parameter_count_ = state.parameter_count;
  slots_ = state.parameter_count == 0
               ? Tensor()
               : Tensor::from({static_cast<int64_t>(state.slots.size())}, state.slots).to(device);
}

void Optimizer::reset_state() {
  iterations_ = 0;
  parameter_count_ = 0;
  slots_ = Tensor();
  product_ = {};
}

void Optimizer::to(Device device) {
  if (slots_.defined()) slots_ = slots_.to(device);
}

}  // namespace tunet::nn
