#pragma once
// Per-thread bodies of the CUDA losses, the math of core/kernels/losses.hpp.
// A loss is computed as per-row sums (LossRowsBody, one thread per row of
// (rows, cols), the last axis being the class axis), then their mean
// (MeanTerms, accumulated in double). The mean is over rows for the
// categorical losses and over all elements for the elementwise ones (binary
// cross-entropy, squared error), as core/nn_ops.hpp defines them. As in the
// CPU table, the forward pass also writes d loss / d pred into `saved` when
// the op keeps one, so the backward pass is dpred += g * saved, g read from
// device memory.
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "core/error.hpp"
#include "core/kernels/losses.hpp"
#include "core/op_kernels.hpp"
#include "cuda/kernels/sum_bodies.hpp"

namespace tunet::cuda {

// The class id of a float label, or -1 when it is not an integer in [0, classes)
// (a GPU kernel cannot throw: the loss then becomes NaN).
TUNET_HD inline int64_t class_id(float label, int64_t classes) {
  const bool valid = label >= 0.0f && label < static_cast<float>(classes) &&
                     label == static_cast<float>(static_cast<int64_t>(label));
  return valid ? static_cast<int64_t>(label) : -1;
}

// Targets are class ids, one per row.
TUNET_HD constexpr bool sparse_loss(LossKind kind) {
  return kind == LossKind::SparseCategoricalCrossentropy || kind == LossKind::SparseSoftmaxCrossentropyFromLogits;
}

// The loss is a mean over every element (else over the rows).
TUNET_HD constexpr bool elementwise_loss(LossKind kind) {
  return kind == LossKind::BinaryCrossentropy || kind == LossKind::MeanSquaredError ||
         kind == LossKind::SigmoidBinaryCrossentropyFromLogits;
}

// What the mean divides by.
inline int64_t loss_divisor(LossKind kind, int64_t rows, int64_t cols) {
  return elementwise_loss(kind) ? rows * cols : rows;
}

// Row r of (rows, cols): row_loss[r] = the sum of the row's loss terms, and
// when d is not null, d_r = d loss / d pred_r already divided by `divisor`
// (loss_divisor), what the CPU table keeps in `saved` for the backward pass
// (dpred += g * saved: GradAddBody). For the sparse kinds target holds one
// class id per row.
template <LossKind K>
struct LossRowsBody {
  const float* pred;
  const float* target;
  float* row_loss;
  float* d;
  int64_t cols;
  float scale;  // 1 / divisor

  TUNET_HD void operator()(int64_t r) const {
    namespace k = tunet::kernels;
    using L = LossKind;
    const float* p = pred + r * cols;
    float* dr = d ? d + r * cols : nullptr;
    if constexpr (K == L::CategoricalCrossentropy) {  // sum_j -t_j log p_j
      row_loss[r] = elementwise(p, target + r * cols, dr, k::cross_entropy_term, k::cross_entropy_grad);
    } else if constexpr (K == L::BinaryCrossentropy) {
      row_loss[r] = elementwise(p, target + r * cols, dr, k::binary_cross_entropy_term, k::binary_cross_entropy_grad);
    } else if constexpr (K == L::MeanSquaredError) {
      row_loss[r] = elementwise(p, target + r * cols, dr, k::squared_error_term, k::squared_error_grad);
    } else if constexpr (K == L::SigmoidBinaryCrossentropyFromLogits) {
      row_loss[r] = elementwise(p, target + r * cols, dr, k::binary_cross_entropy_logit_term,
                                k::binary_cross_entropy_logit_grad);
    } else if constexpr (K == L::SparseCategoricalCrossentropy) {
      // -log p_label; d = -1 / p at the label, 0 elsewhere
      const int64_t id = class_id(target[r], cols);
      row_loss[r] = id < 0 ? std::numeric_limits<float>::quiet_NaN() : k::cross_entropy_term(p[id], 1.0f);
      if (!dr) return;
      for (int64_t j = 0; j < cols; ++j) dr[j] = 0.0f;
      if (id >= 0) dr[id] = k::cross_entropy_grad(p[id], 1.0f) * scale;
    } else if constexpr (K == L::SoftmaxCrossentropyFromLogits) {
      // lse(z) sum_j t_j - sum_j t_j z_j; d_j = softmax(z)_j sum_l t_l - t_j
      const float* t = target + r * cols;
      const float lse = k::log_sum_exp_row(p, cols);
      float t_sum = 0, tz = 0;
      for (int64_t j = 0; j < cols; ++j) {
        t_sum += t[j];
        tz += t[j] * p[j];
      }
      row_loss[r] = static_cast<float>(static_cast<double>(lse) * t_sum - tz);
      if (!dr) return;
      for (int64_t j = 0; j < cols; ++j) dr[j] = (std::exp(p[j] - lse) * t_sum - t[j]) * scale;
    } else {
      static_assert(K == L::SparseSoftmaxCrossentropyFromLogits);
      // lse(z) - z_label; d_j = softmax(z)_j - [j == label]
      const float lse = k::log_sum_exp_row(p, cols);
      const int64_t id = class_id(target[r], cols);
      row_loss[r] = id < 0 ? std::numeric_limits<float>::quiet_NaN()
                           : static_cast<float>(static_cast<double>(lse) - p[id]);
      if (!dr) return;
      for (int64_t j = 0; j < cols; ++j) dr[j] = std::exp(p[j] - lse) * scale;
      if (id >= 0) dr[id] -= scale;
    }
  }

  // sum_j term(p_j, t_j) (in double, as the CPU); d_j = grad(p_j, t_j) * scale when d is not null.
  template <class Term, class Grad>
  TUNET_HD float elementwise(const float* p, const float* t, float* dr, Term term, Grad grad) const {
    double total = 0;
    for (int64_t j = 0; j < cols; ++j) total += term(p[j], t[j]);
    if (dr)
      for (int64_t j = 0; j < cols; ++j) dr[j] = grad(p[j], t[j]) * scale;
    return static_cast<float>(total);
  }
};

// Terms of a mean: sum_k values[k] / divisor (one output), for exec.sum
// (cuda/kernels/sum_bodies.hpp: accumulated in double).
struct MeanTerms {
  const float* values;
  double divisor;
  TUNET_HD int64_t base(int64_t) const { return 0; }
  TUNET_HD double at(int64_t, int64_t k) const { return values[k] / divisor; }
};

// Element i: dpred += g * saved, g = *grad_loss (a device scalar; no copy to the host).
struct GradAddBody {
  const float* saved;
  const float* grad_loss;
  float* dpred;
  TUNET_HD void operator()(int64_t i) const { dpred[i] += *grad_loss * saved[i]; }
};

// Row r: correct[r] = 1 when the predicted class is right, 0 otherwise; for
// binary outputs (the binary cross-entropies, or one column of a non-sparse
// loss) the fraction of the row's elements whose prediction (> 0.5, or > 0 for
// logits) matches the target (> 0.5). The predicted class is the first largest
// entry; the true one the label (sparse) or the first largest target entry.
struct CountCorrectRowsBody {
  const float* pred;
  const float* target;
  float* correct;
  int64_t cols;
  bool sparse, binary, logits;

  TUNET_HD void operator()(int64_t r) const {
    const float* p = pred + r * cols;
    if (binary) {
      const float threshold = logits ? 0.0f : 0.5f;
      int64_t hits = 0;
      for (int64_t j = 0; j < cols; ++j) hits += (p[j] > threshold) == (target[r * cols + j] > 0.5f);
      correct[r] = static_cast<float>(static_cast<double>(hits) / static_cast<double>(cols));
      return;
    }
    const int64_t truth = sparse ? static_cast<int64_t>(target[r]) : first_max(target + r * cols);
    correct[r] = first_max(p) == truth ? 1.0f : 0.0f;
  }

  TUNET_HD int64_t first_max(const float* row) const {
    int64_t best = 0;
    for (int64_t j = 1; j < cols; ++j)
      if (row[best] < row[j]) best = j;
    return best;
  }
};

// fn(std::integral_constant<LossKind, kind>{}).
template <class Fn>
void with_loss_kind(LossKind kind, Fn&& fn) {
  using L = LossKind;
  switch (kind) {
    case L::CategoricalCrossentropy: return fn(std::integral_constant<L, L::CategoricalCrossentropy>{});
    case L::SparseCategoricalCrossentropy:
      return fn(std::integral_constant<L, L::SparseCategoricalCrossentropy>{});
    case L::BinaryCrossentropy: return fn(std::integral_constant<L, L::BinaryCrossentropy>{});
    case L::MeanSquaredError: return fn(std::integral_constant<L, L::MeanSquaredError>{});
    case L::SoftmaxCrossentropyFromLogits:
      return fn(std::integral_constant<L, L::SoftmaxCrossentropyFromLogits>{});
    case L::SparseSoftmaxCrossentropyFromLogits:
      return fn(std::integral_constant<L, L::SparseSoftmaxCrossentropyFromLogits>{});
    case L::SigmoidBinaryCrossentropyFromLogits:
      return fn(std::integral_constant<L, L::SigmoidBinaryCrossentropyFromLogits>{});
  }
  throw Error("cuda loss: unknown kind " + std::to_string(static_cast<int>(kind)));
}

// ---- passes (executor: see activation_bodies.hpp); pred seen as (rows, cols) ----

// *loss = the mean of the loss terms; d (may be null) = d loss / d pred, what
// the op keeps as `saved`.
template <class Exec>
void loss_forward_pass(Exec& exec, LossKind kind, const float* pred, const float* target, int64_t rows,
                       int64_t cols, float* loss, float* d) {
  const int64_t divisor = loss_divisor(kind, rows, cols);
  float* row_loss = exec.scratch(rows);
  with_loss_kind(kind, [&](auto k) {
    exec.launch(rows, LossRowsBody<decltype(k)::value>{pred, target, row_loss, d, cols,
                                                        1.0f / static_cast<float>(divisor)});
  });
  exec.sum(MeanTerms{row_loss, static_cast<double>(divisor)}, 1, rows, loss, false);
}

// dpred += *grad_loss * saved over `count` values.
template <class Exec>
void loss_backward_pass(Exec& exec, const float* saved, const float* grad_loss, float* dpred, int64_t count) {
  exec.launch(count, GradAddBody{saved, grad_loss, dpred});
}

// *count = the samples (rows) predicted right, as LossKernels::count_correct.
template <class Exec>
void count_correct_pass(Exec& exec, LossKind kind, const float* pred, const float* target, bool logits,
                        int64_t rows, int64_t cols, float* count) {
  const bool sparse = sparse_loss(kind);
  const bool binary = kind == LossKind::BinaryCrossentropy ||
                      kind == LossKind::SigmoidBinaryCrossentropyFromLogits || (!sparse && cols == 1);
  float* correct = exec.scratch(rows);
  exec.launch(rows, CountCorrectRowsBody{pred, target, correct, cols, sparse, binary, logits});
  exec.sum(MeanTerms{correct, 1.0}, 1, rows, count, false);
}

}  // namespace tunet::cuda
