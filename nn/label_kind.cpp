// Label kinds by loss name (label_kind.hpp).
#include "nn/label_kind.hpp"

#include "nn/losses.hpp"

namespace tunet::nn {

LabelKind label_kind(const std::string& name) {
  const LossFunction f = loss_function(name);
  if (f == &sparse_categorical_crossentropy) return LabelKind::Sparse;
  if (f == &categorical_crossentropy) return LabelKind::Categorical;
  if (f == &binary_crossentropy) return LabelKind::Binary;
  return LabelKind::Regression;
}

tunet::LossKind core_loss_kind(LabelKind kind) {
  switch (kind) {
    case LabelKind::Sparse: return tunet::LossKind::SparseCategoricalCrossentropy;
    case LabelKind::Categorical: return tunet::LossKind::CategoricalCrossentropy;
    case LabelKind::Binary: return tunet::LossKind::BinaryCrossentropy;
    case LabelKind::Regression: return tunet::LossKind::MeanSquaredError;
  }
  return tunet::LossKind::MeanSquaredError;
}

}  // namespace tunet::nn
