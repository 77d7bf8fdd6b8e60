#pragma once
// What labels a loss takes, by its name: one-hot rows (categorical
// cross-entropy), class ids (sparse categorical cross-entropy), values in
// [0, 1] (binary cross-entropy) or any finite value (regression losses). The
// input checks read it, and the accuracy count passes it to core as LossKind.
#include <string>

#include "core/nn_ops.hpp"

namespace tunet::nn {

enum class LabelKind { Categorical, Sparse, Binary, Regression };

LabelKind label_kind(const std::string& loss_name);  // Error for an unknown loss

// The loss as the core ops name it (count_correct reads its label format).
tunet::LossKind core_loss_kind(LabelKind kind);

}  // namespace tunet::nn
