// LossKernels::cpu(): every loss as the mean over the batch of the per-element
// terms of core/kernels/losses.hpp (the softmax cross-entropies from logits:
// of cpu/softmax_cross_entropy.hpp), summed in double in index order. When the
// op asks for a backward (`saved` defined) the forward also writes
// d loss / d pred there, already divided by the batch, so the backward is one
// scaled add: dpred += g * saved.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/cpu/softmax_cross_entropy.hpp"
#include "core/error.hpp"
#include "core/kernels/losses.hpp"
#include "core/nn_ops.hpp"
#include "core/op_kernels.hpp"
#include "core/parallel.hpp"

namespace tunet {
namespace {

namespace k = tunet::kernels;

// pred seen as (rows, cols): the last axis is the class / feature axis.
struct RowsCols {
  int64_t rows, cols;
};
RowsCols rows_cols(const Tensor& pred) {
  const int64_t cols = pred.dim(-1);
  return {pred.numel() / cols, cols};
}

// The class id of each row from float labels; Error naming the first one that
// is not an integer in [0, classes).
void check_class_ids(LossKind kind, const float* labels, int64_t rows, int64_t classes) {
  for (int64_t r = 0; r < rows; ++r) {
    const float v = labels[r];
    if (!(std::isfinite(v) && v == std::floor(v) && v >= 0 && v < float(classes)))
      throw Error(std::string(loss_kind_name(kind)) + ": label " + std::to_string(v) + " at row " +
                  std::to_string(r) + " is not a class id in [0, " + std::to_string(classes) + ")");
  }
}

// loss = sum_i term(p_i, t_i) / divisor; d_i = grad(p_i, t_i) / divisor (d may be null).
template <class Term, class Grad>
float elementwise(const float* p, const float* t, int64_t n, int64_t divisor, float* d, Term term, Grad grad) {
  double total = 0;
  for (int64_t i = 0; i < n; ++i) total += term(p[i], t[i]);
  if (d) {
    const float scale = 1.0f / float(divisor);
    for (int64_t i = 0; i < n; ++i) d[i] = grad(p[i], t[i]) * scale;
  }
  return float(total / double(divisor));
}

// mean_n -log p_n,label_n; d = -1 / p at the label, 0 elsewhere (divided by N).
float sparse_cross_entropy(const float* p, const float* labels, int64_t rows, int64_t cols, float* d) {
  double total = 0;
  for (int64_t r = 0; r < rows; ++r) total += k::cross_entropy_term(p[r * cols + int64_t(labels[r])], 1.0f);
  if (d) {
    const float scale = 1.0f / float(rows);
    std::fill(d, d + rows * cols, 0.0f);
    for (int64_t r = 0; r < rows; ++r) {
      const int64_t i = r * cols + int64_t(labels[r]);
      d[i] = k::cross_entropy_grad(p[i], 1.0f) * scale;
    }
  }
  return float(total / double(rows));
}

// mean_n of the row losses of cpu/softmax_cross_entropy.hpp (class ids in
// `target` when sparse); d = their gradients / N. Rows are shared out over the
// threads above kParallelMinElements logits; their losses are added in row
// order, so the sum has the same bits on any number of threads.
float softmax_cross_entropy(const float* z, const float* target, int64_t rows, int64_t cols, bool sparse,
                            float* d) {
  const float scale = 1.0f / float(rows);
  std::vector<double> row_loss(static_cast<size_t>(rows));
  parallel_for_if(rows > 1 && rows * cols >= kParallelMinElements, rows, [&](int64_t r) {
    float* dr = d ? d + r * cols : nullptr;
    row_loss[static_cast<size_t>(r)] =
        sparse ? cpu::sparse_softmax_cross_entropy_row(z + r * cols, int64_t(target[r]), cols, scale, dr)
               : cpu::softmax_cross_entropy_row(z + r * cols, target + r * cols, cols, scale, dr);
  });
  double total = 0;
  for (double loss : row_loss) total += loss;
  return float(total / double(rows));
}

void loss_forward(LossKind kind, const Tensor& pred, const Tensor& target, Tensor& loss, Tensor& saved) {
  const auto [rows, cols] = rows_cols(pred);
  const int64_t n = rows * cols;
  const float* p = pred.data_ptr();
  const float* t = target.data_ptr();
  float* d = saved.defined() ? saved.data_ptr() : nullptr;
  float value = 0;
  switch (kind) {
    case LossKind::CategoricalCrossentropy:  // mean_n sum_i -t_ni log p_ni
      value = elementwise(p, t, n, rows, d, k::cross_entropy_term, k::cross_entropy_grad);
      break;
    case LossKind::SparseCategoricalCrossentropy:
      check_class_ids(kind, t, rows, cols);
      value = sparse_cross_entropy(p, t, rows, cols, d);
      break;
    case LossKind::BinaryCrossentropy:  // mean over elements
      value = elementwise(p, t, n, n, d, k::binary_cross_entropy_term, k::binary_cross_entropy_grad);
      break;
    case LossKind::MeanSquaredError:  // mean over elements
      value = elementwise(p, t, n, n, d, k::squared_error_term, k::squared_error_grad);
      break;
    case LossKind::SoftmaxCrossentropyFromLogits:
      value = softmax_cross_entropy(p, t, rows, cols, false, d);
      break;
    case LossKind::SparseSoftmaxCrossentropyFromLogits:
      check_class_ids(kind, t, rows, cols);
      value = softmax_cross_entropy(p, t, rows, cols, true, d);
      break;
    case LossKind::SigmoidBinaryCrossentropyFromLogits:  // mean over elements
      value = elementwise(p, t, n, n, d, k::binary_cross_entropy_logit_term, k::binary_cross_entropy_logit_grad);
      break;
  }
  *loss.data_ptr() = value;
}

// dpred += g * saved (saved: d loss / d pred from the forward pass).
void loss_backward(LossKind, const Tensor&, const Tensor&, const Tensor& saved, const Tensor& grad_loss,
                   Tensor& dpred) {
  const int64_t n = dpred.numel();
  const float g = *grad_loss.data_ptr();
  const float* s = saved.data_ptr();
  float* dp = dpred.data_ptr();
  TUNET_OMP_FOR_IF(n >= kParallelMinElements)
  for (int64_t i = 0; i < n; ++i) dp[i] += g * s[i];
}

// Binary outputs (a binary cross-entropy, or one column without class ids):
// per sample, the fraction of elements on the right side of the threshold
// (0 for logits, 0.5 for probabilities; targets at 0.5). Otherwise a sample
// is right when argmax(pred) is its class: the label, or argmax of the target
// row (the first maximum, as std::max_element).
void count_correct_fwd(LossKind kind, const Tensor& pred, const Tensor& target, bool logits, Tensor& count) {
  const int64_t samples = pred.dim(0);
  const int64_t cols = samples > 0 ? pred.numel() / samples : 0;
  const float* o = pred.data_ptr();
  const float* t = target.data_ptr();
  const bool sparse = kind == LossKind::SparseCategoricalCrossentropy ||
                      kind == LossKind::SparseSoftmaxCrossentropyFromLogits;
  const bool binary = kind == LossKind::BinaryCrossentropy || kind == LossKind::SigmoidBinaryCrossentropyFromLogits;
  double correct = 0;
  for (int64_t i = 0; i < samples; ++i) {
    const float* row = o + i * cols;
    if (binary || (!sparse && cols == 1)) {
      const float threshold = logits ? 0.0f : 0.5f;
      int64_t hits = 0;
      for (int64_t j = 0; j < cols; ++j) hits += (row[j] > threshold) == (t[i * cols + j] > 0.5f);
      correct += double(hits) / double(cols);
      continue;
    }
    const int64_t predicted = std::max_element(row, row + cols) - row;
    const int64_t truth =
        sparse ? static_cast<int64_t>(t[i]) : std::max_element(t + i * cols, t + (i + 1) * cols) - (t + i * cols);
    correct += predicted == truth;
  }
  *count.data_ptr() = float(correct);
}

}  // namespace

const LossKernels& LossKernels::cpu() {
  static const LossKernels table = {
      .forward = loss_forward,
      .backward = loss_backward,
      .count_correct = count_correct_fwd,
  };
  return table;
}

}  // namespace tunet
