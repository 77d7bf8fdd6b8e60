#include "nn/activations.hpp"

#include "core/error.hpp"

namespace tunet::nn {
namespace {

struct Alias {
  const char* name;
  ActivationKind kind;
};

// Accepted besides the canonical names (core's activation_kind_name).
constexpr Alias kAliases[] = {{"swish", ActivationKind::Silu}};

ActivationKind kind_at(int index) { return static_cast<ActivationKind>(index); }

}  // namespace

std::vector<std::string> activation_names() {
  std::vector<std::string> names;
  for (int i = 0; i < kActivationKinds; ++i) names.emplace_back(activation_kind_name(kind_at(i)));
  for (const Alias& alias : kAliases) names.emplace_back(alias.name);
  return names;
}

ActivationKind parse_activation(const std::string& name) {
  for (int i = 0; i < kActivationKinds; ++i)
    if (name == activation_kind_name(kind_at(i))) return kind_at(i);
  for (const Alias& alias : kAliases)
    if (name == alias.name) return alias.kind;
  std::string valid;
  for (const std::string& n : activation_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw Error("unknown activation '" + name + "'; valid names: " + valid);
}

std::string activation_name(ActivationKind kind) { return activation_kind_name(kind); }

Tensor activation(const Tensor& x, const std::string& name) { return activation(x, parse_activation(name)); }

}  // namespace tunet::nn
