// optimizer_step: the size and device checks, then the device's kernel.
#include "core/optimizer_step.hpp"

#include <bit>
#include <string>

#include "core/backend.hpp"
#include "core/error.hpp"

namespace tunet {

int optimizer_slot_count(OptimizerKind kind, const UpdateScalars& s) {
  const kernels::OptimizerKindInfo* info = kernels::optimizer_kind_info(kind);
  if (!info) throw Error("optimizer_slot_count: unknown optimizer kind " + std::to_string(static_cast<int>(kind)));
  return info->slots + std::popcount(kernels::update_flags(kind, s));
}

const char* optimizer_kind_name(OptimizerKind kind) {
  const kernels::OptimizerKindInfo* info = kernels::optimizer_kind_info(kind);
  return info ? info->name : "unknown";
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
