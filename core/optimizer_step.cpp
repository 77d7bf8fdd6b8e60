// optimizer_step: the size and device checks, then the device's kernel.
#include "core/optimizer_step.hpp"

#include <string>

#include "core/backend.hpp"
#include "core/error.hpp"

namespace tunet {

int optimizer_slot_count(OptimizerKind kind, const UpdateScalars& s) {
  switch (kind) {
    case OptimizerKind::SGD: return 0;
    case OptimizerKind::Momentum:
    case OptimizerKind::Nesterov:
    case OptimizerKind::Adagrad:
    case OptimizerKind::Lion: return 1;
    case OptimizerKind::RMSprop: return 1 + (s.centered ? 1 : 0) + (s.momentum > 0 ? 1 : 0);
    case OptimizerKind::Adam: return s.amsgrad ? 3 : 2;
    case OptimizerKind::Nadam:
    case OptimizerKind::Adadelta: return 2;
  }
  throw Error("optimizer_slot_count: unknown optimizer kind " + std::to_string(static_cast<int>(kind)));
}

const char* optimizer_kind_name(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::SGD: return "SGD";
    case OptimizerKind::Momentum: return "Momentum";
    case OptimizerKind::Nesterov: return "Nesterov";
    case OptimizerKind::Adagrad: return "Adagrad";
    case OptimizerKind::RMSprop: return "RMSprop";
    case OptimizerKind::Adam: return "Adam";
    case OptimizerKind::Nadam: return "Nadam";
    case OptimizerKind::Adadelta: return "Adadelta";
    case OptimizerKind::Lion: return "Lion";
  }
  return "unknown";
}

void optimizer_step(OptimizerKind kind, const UpdateScalars& s, Tensor& params, const Tensor& grads, Tensor& slots) {
  // (messages built only on failure: this runs once per training step)
  const int64_t n = params.numel();
  const int64_t slot_values = optimizer_slot_count(kind, s) * n;
  if (grads.numel() != n || slots.numel() != slot_values)
    throw Error(std::string("optimizer_step (") + optimizer_kind_name(kind) + "): " + std::to_string(n) +
                " parameters, " + std::to_string(grads.numel()) + " gradients and " +
                std::to_string(slots.numel()) + " state values; expected " + std::to_string(n) +
                " gradients and " + std::to_string(slot_values) + " state values");
  const Device device = same_device("optimizer_step", {&params, &grads, &slots});
  kernel_table<OptimizerKernels>(device).step(kind, s, params, grads, slots);
}

}  // namespace tunet
