// The loss op (a scalar on the device, one autograd node with the gradient to
// pred) and count_correct, through the device's LossKernels. Shapes are
// checked here; the values (class ids in range) by the kernels.
#include <string>

#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/nn_ops.hpp"

namespace tunet {
namespace {

bool sparse_kind(LossKind kind) {
  return kind == LossKind::SparseCategoricalCrossentropy || kind == LossKind::SparseSoftmaxCrossentropyFromLogits;
}

// pred (..., C) non-empty; target pred's shape, or one class id per row for the sparse kinds.
// (Called on every batch: the messages are built only on failure.)
void check_shapes(LossKind kind, const Tensor& pred, const Tensor& target) {
  const char* const name = loss_kind_name(kind);
  const auto fail = [&](const std::string& what) { throw Error(std::string(name) + ": " + what); };
  if (!pred.defined()) fail("y_pred is undefined");
  if (pred.rank() < 1 || pred.numel() == 0)
    fail("y_pred must be a non-empty (batch, ...) tensor, got shape " + shape_str(pred.shape()));
  if (sparse_kind(kind)) {
    const int64_t rows = pred.numel() / pred.dim(-1);
    if (!target.defined()) fail("labels are undefined");
    if (target.numel() != rows || !(target.rank() == 1 || (target.rank() == 2 && target.dim(1) == 1)))
      fail("expected integer labels of shape (" + std::to_string(rows) + ") for " + std::to_string(rows) +
           " predictions, got shape " + shape_str(target.shape()));
    return;
  }
  if (!target.defined()) fail("y_true is undefined");
  if (pred.shape() != target.shape())
    fail("y_pred has shape " + shape_str(pred.shape()) + " but y_true has shape " + shape_str(target.shape()) +
         " (expected the same)");
}

}  // namespace

const char* loss_kind_name(LossKind kind) {
  switch (kind) {
    case LossKind::CategoricalCrossentropy: return "categorical_crossentropy";
    case LossKind::SparseCategoricalCrossentropy: return "sparse_categorical_crossentropy";
    case LossKind::BinaryCrossentropy: return "binary_crossentropy";
    case LossKind::MeanSquaredError: return "mean_squared_error";
    case LossKind::SoftmaxCrossentropyFromLogits: return "categorical_crossentropy (from logits)";
    case LossKind::SparseSoftmaxCrossentropyFromLogits: return "sparse_categorical_crossentropy (from logits)";
    case LossKind::SigmoidBinaryCrossentropyFromLogits: return "binary_crossentropy (from logits)";
  }
  throw Error("invalid LossKind " + std::to_string(static_cast<int>(kind)));
}

Tensor loss(LossKind kind, const Tensor& pred, const Tensor& target) {
  check_shapes(kind, pred, target);
  const char* name = loss_kind_name(kind);
  const Device device = same_device(name, {&pred, &target});
  const LossKernels& k = kernel_table<LossKernels>(device);
  Tensor value = Tensor::empty({}, device);
  // What the backward reuses (d loss / d pred on the CPU), only when one will run.
  Tensor saved = any_requires_grad({&pred}) ? Tensor::empty(pred.shape(), device) : Tensor();
  k.forward(kind, pred, target, value, saved);
  record(value, name, {pred}, [kind, pred, target, saved](const Tensor&, const Tensor& grad_out) {
    Tensor dpred = grad_tensor(pred);
    if (!dpred.defined()) return;
    kernel_table<LossKernels>(dpred.device()).backward(kind, pred, target, saved, grad_out, dpred);
  });
  return value;
}

Tensor count_correct(LossKind kind, const Tensor& pred, const Tensor& target, bool logits) {
  check_shapes(kind, pred, target);
  const Device device = same_device("count_correct", {&pred, &target});
  Tensor count = Tensor::empty({}, device);
  kernel_table<LossKernels>(device).count_correct(kind, pred, target, logits, count);
  return count;
}

}  // namespace tunet
