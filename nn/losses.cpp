#include "nn/losses.hpp"

#include "core/error.hpp"

namespace tunet::nn {
namespace {

// A loss name, its function, its kind on probabilities and its fused form on
// logits (`fused` false: none).
struct NamedLoss {
  const char* name;
  LossFunction function;
  LossKind kind;
  bool fused;
  LossKind logit_kind;
};

constexpr NamedLoss kLossTable[] = {
    {"categorical_crossentropy", categorical_crossentropy, LossKind::CategoricalCrossentropy, true,
     LossKind::SoftmaxCrossentropyFromLogits},
    {"sparse_categorical_crossentropy", sparse_categorical_crossentropy,
     LossKind::SparseCategoricalCrossentropy, true, LossKind::SparseSoftmaxCrossentropyFromLogits},
    {"binary_crossentropy", binary_crossentropy, LossKind::BinaryCrossentropy, true,
     LossKind::SigmoidBinaryCrossentropyFromLogits},
    {"mean_squared_error", mean_squared_error, LossKind::MeanSquaredError, false, LossKind::MeanSquaredError},
    {"mse", mean_squared_error, LossKind::MeanSquaredError, false, LossKind::MeanSquaredError},
};

const NamedLoss& find_loss(const std::string& name) {
  for (const auto& entry : kLossTable)
    if (name == entry.name) return entry;
  std::string valid;
  for (const auto& entry : kLossTable) valid += (valid.empty() ? "" : ", ") + std::string(entry.name);
  throw Error("unknown loss '" + name + "'; valid names: " + valid);
}

}  // namespace

Tensor categorical_crossentropy(const Tensor& y_pred, const Tensor& y_true) {
  return tunet::loss(LossKind::CategoricalCrossentropy, y_pred, y_true);
}

Tensor sparse_categorical_crossentropy(const Tensor& y_pred, const Tensor& y_true) {
  return tunet::loss(LossKind::SparseCategoricalCrossentropy, y_pred, y_true);
}

Tensor binary_crossentropy(const Tensor& y_pred, const Tensor& y_true) {
  return tunet::loss(LossKind::BinaryCrossentropy, y_pred, y_true);
}

Tensor mean_squared_error(const Tensor& y_pred, const Tensor& y_true) {
  return tunet::loss(LossKind::MeanSquaredError, y_pred, y_true);
}

std::vector<std::string> loss_names() {
  std::vector<std::string> names;
  for (const auto& entry : kLossTable) names.emplace_back(entry.name);
  return names;
}

LossFunction loss_function(const std::string& name) { return find_loss(name).function; }

Tensor loss(const std::string& name, const Tensor& y_pred, const Tensor& y_true) {
  return tunet::loss(parse_loss(name), y_pred, y_true);
}

LossKind parse_loss(const std::string& name, bool from_logits) {
  const NamedLoss& entry = find_loss(name);
  if (!from_logits) return entry.kind;
  if (!entry.fused)
    throw Error("loss '" + name + "' has no form computed from logits (only the cross-entropies)");
  return entry.logit_kind;
}

bool loss_fuses_with(const std::string& loss_name, const std::string& activation_name) {
  if (activation_name == "softmax")
    return loss_name == "categorical_crossentropy" || loss_name == "sparse_categorical_crossentropy";
  if (activation_name == "sigmoid") return loss_name == "binary_crossentropy";
  return false;
}

Tensor loss_from_logits(const std::string& loss_name, const Tensor& logits, const Tensor& y_true) {
  return tunet::loss(parse_loss(loss_name, true), logits, y_true);
}

Tensor softmax_cross_entropy_from_logits(const Tensor& logits, const Tensor& y_true) {
  return tunet::loss(LossKind::SoftmaxCrossentropyFromLogits, logits, y_true);
}

Tensor sparse_softmax_cross_entropy_from_logits(const Tensor& logits, const Tensor& labels) {
  return tunet::loss(LossKind::SparseSoftmaxCrossentropyFromLogits, logits, labels);
}

Tensor sigmoid_binary_crossentropy_from_logits(const Tensor& logits, const Tensor& y_true) {
  return tunet::loss(LossKind::SigmoidBinaryCrossentropyFromLogits, logits, y_true);
}

}  // namespace tunet::nn
