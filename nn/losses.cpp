#include "nn/losses.hpp"

#include <cmath>
#include <memory>

#include "core/autograd.hpp"
#include "core/error.hpp"
#include "core/kernels/activations.hpp"
#include "core/kernels/losses.hpp"

namespace tunet::nn {
namespace {

namespace k = tunet::kernels;

struct NamedLoss {
  const char* name;
  LossFunction function;
};

constexpr NamedLoss kLossTable[] = {
    {"categorical_crossentropy", categorical_crossentropy},
    {"sparse_categorical_crossentropy", sparse_categorical_crossentropy},
    {"binary_crossentropy", binary_crossentropy},
    {"mean_squared_error", mean_squared_error},
    {"mse", mean_squared_error},
};

// Rows and columns of y_pred seen as (rows, classes): the last axis is the class axis.
struct RowsCols {
  int64_t rows;
  int64_t cols;
};

RowsCols rows_cols(const Tensor& y_pred, const char* loss_name) {
  check(y_pred.defined(), std::string(loss_name) + ": y_pred is undefined");
  check(y_pred.rank() >= 1 && y_pred.numel() > 0,
        std::string(loss_name) + ": y_pred must be a non-empty (batch, ...) tensor, got shape " +
            shape_str(y_pred.shape()));
  const int64_t cols = y_pred.dim(-1);
  return {y_pred.numel() / cols, cols};
}

void check_same_shape(const Tensor& y_pred, const Tensor& y_true, const char* loss_name) {
  check(y_true.defined(), std::string(loss_name) + ": y_true is undefined");
  check(y_pred.shape() == y_true.shape(), std::string(loss_name) + ": y_pred has shape " +
                                              shape_str(y_pred.shape()) + " but y_true has shape " +
                                              shape_str(y_true.shape()) + " (expected the same)");
}

// Class ids from a float tensor of `rows` integer labels in [0, classes).
std::vector<int64_t> class_ids(const Tensor& labels, int64_t rows, int64_t classes,
                               const char* loss_name) {
  check(labels.defined(), std::string(loss_name) + ": labels are undefined");
  check(
      labels.numel() == rows && (labels.rank() == 1 || (labels.rank() == 2 && labels.dim(1) == 1)),
      std::string(loss_name) + ": expected integer labels of shape (" + std::to_string(rows) +
          ") for " + std::to_string(rows) + " predictions, got shape " + shape_str(labels.shape()));
  std::vector<int64_t> ids(rows);
  const float* l = labels.data();
  for (int64_t r = 0; r < rows; ++r) {
    const float v = l[r];
    check(std::isfinite(v) && v == std::floor(v) && v >= 0 && v < float(classes),
          std::string(loss_name) + ": label " + std::to_string(v) + " at row " + std::to_string(r) +
              " is not a class id in [0, " + std::to_string(classes) + ")");
    ids[r] = int64_t(v);
  }
  return ids;
}

// Records the scalar loss node: dy_pred += grad_out * d[i], where d holds
// d loss / d y_pred already divided by the batch.
void record_loss(Tensor& loss, const char* op_name, const Tensor& y_pred,
                 std::shared_ptr<std::vector<float>> d) {
  record(loss, op_name, {y_pred}, [y_pred, d](const Tensor&, const Tensor& grad_out) {
    float* dy = grad_buffer(y_pred);
    if (!dy) return;
    const float g = grad_out.item();
    const float* dv = d->data();
    const int64_t n = int64_t(d->size());
    for (int64_t i = 0; i < n; ++i) dy[i] += g * dv[i];
  });
}

// Mean over all elements of term(p, t); d = grad(p, t) / n.
template <class Term, class Grad>
Tensor elementwise_loss(const Tensor& y_pred, const Tensor& y_true, const char* name, Term term,
                        Grad grad) {
  rows_cols(y_pred, name);
  check_same_shape(y_pred, y_true, name);
  const int64_t n = y_pred.numel();
  const float* p = y_pred.data();
  const float* t = y_true.data();
  double total = 0;
  for (int64_t i = 0; i < n; ++i) total += term(p[i], t[i]);
  Tensor loss = Tensor::scalar(float(total / double(n)));
  if (any_requires_grad({&y_pred})) {
    auto d = std::make_shared<std::vector<float>>(n);
    const float scale = 1.0f / float(n);
    for (int64_t i = 0; i < n; ++i) (*d)[i] = grad(p[i], t[i]) * scale;
    record_loss(loss, name, y_pred, std::move(d));
  }
  return loss;
}

}  // namespace

// mean_n sum_i -t_ni log p_ni
Tensor categorical_crossentropy(const Tensor& y_pred, const Tensor& y_true) {
  const char* name = "categorical_crossentropy";
  const auto [rows, cols] = rows_cols(y_pred, name);
  check_same_shape(y_pred, y_true, name);
  const int64_t n = rows * cols;
  const float* p = y_pred.data();
  const float* t = y_true.data();
  double total = 0;
  for (int64_t i = 0; i < n; ++i) total += k::cross_entropy_term(p[i], t[i]);
  Tensor loss = Tensor::scalar(float(total / double(rows)));
  if (any_requires_grad({&y_pred})) {
    auto d = std::make_shared<std::vector<float>>(n);
    const float scale = 1.0f / float(rows);
    for (int64_t i = 0; i < n; ++i) (*d)[i] = k::cross_entropy_grad(p[i], t[i]) * scale;
    record_loss(loss, name, y_pred, std::move(d));
  }
  return loss;
}

// mean_n -log p_n,label_n
Tensor sparse_categorical_crossentropy(const Tensor& y_pred, const Tensor& y_true) {
  const char* name = "sparse_categorical_crossentropy";
  const auto [rows, cols] = rows_cols(y_pred, name);
  const std::vector<int64_t> ids = class_ids(y_true, rows, cols, name);
  const float* p = y_pred.data();
  double total = 0;
  for (int64_t r = 0; r < rows; ++r) total += k::cross_entropy_term(p[r * cols + ids[r]], 1.0f);
  Tensor loss = Tensor::scalar(float(total / double(rows)));
  if (any_requires_grad({&y_pred})) {
    auto d = std::make_shared<std::vector<float>>(rows * cols, 0.0f);
    const float scale = 1.0f / float(rows);
    for (int64_t r = 0; r < rows; ++r) {
      const int64_t i = r * cols + ids[r];
      (*d)[i] = k::cross_entropy_grad(p[i], 1.0f) * scale;
    }
    record_loss(loss, name, y_pred, std::move(d));
  }
  return loss;
}

Tensor binary_crossentropy(const Tensor& y_pred, const Tensor& y_true) {
  return elementwise_loss(y_pred, y_true, "binary_crossentropy", k::binary_cross_entropy_term,
                          k::binary_cross_entropy_grad);
}

Tensor mean_squared_error(const Tensor& y_pred, const Tensor& y_true) {
  return elementwise_loss(y_pred, y_true, "mean_squared_error", k::squared_error_term,
                          k::squared_error_grad);
}

std::vector<std::string> loss_names() {
  std::vector<std::string> names;
  for (const auto& entry : kLossTable) names.emplace_back(entry.name);
  return names;
}

LossFunction loss_function(const std::string& name) {
  for (const auto& entry : kLossTable)
    if (name == entry.name) return entry.function;
  std::string valid;
  for (const auto& entry : kLossTable)
    valid += (valid.empty() ? "" : ", ") + std::string(entry.name);
  throw Error("unknown loss '" + name + "'; valid names: " + valid);
}

Tensor loss(const std::string& name, const Tensor& y_pred, const Tensor& y_true) {
  return loss_function(name)(y_pred, y_true);
}

bool loss_fuses_with(const std::string& loss_name, const std::string& activation_name) {
  if (activation_name == "softmax")
    return loss_name == "categorical_crossentropy" ||
           loss_name == "sparse_categorical_crossentropy";
  if (activation_name == "sigmoid") return loss_name == "binary_crossentropy";
  return false;
}

Tensor loss_from_logits(const std::string& loss_name, const Tensor& logits, const Tensor& y_true) {
  if (loss_name == "categorical_crossentropy")
    return softmax_cross_entropy_from_logits(logits, y_true);
  if (loss_name == "sparse_categorical_crossentropy")
    return sparse_softmax_cross_entropy_from_logits(logits, y_true);
  if (loss_name == "binary_crossentropy")
    return sigmoid_binary_crossentropy_from_logits(logits, y_true);
  loss_function(loss_name);  // throws for an unknown name
  throw Error("loss '" + loss_name +
              "' has no form computed from logits (only the cross-entropies)");
}

// Per row: loss = lse(z) * sum_i t_i - sum_i t_i z_i; dz_i = softmax(z)_i * sum_i t_i - t_i.
Tensor softmax_cross_entropy_from_logits(const Tensor& logits, const Tensor& y_true) {
  const char* name = "categorical_crossentropy (from logits)";
  const auto [rows, cols] = rows_cols(logits, name);
  check_same_shape(logits, y_true, name);
  const float* z = logits.data();
  const float* t = y_true.data();
  const bool grad = any_requires_grad({&logits});
  auto d = std::make_shared<std::vector<float>>(grad ? rows * cols : 0);
  const float scale = 1.0f / float(rows);
  double total = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const float* zr = z + r * cols;
    const float* tr = t + r * cols;
    const float lse = k::log_sum_exp_row(zr, cols);
    float t_sum = 0, tz = 0;
    for (int64_t i = 0; i < cols; ++i) {
      t_sum += tr[i];
      tz += tr[i] * zr[i];
    }
    total += double(lse) * t_sum - tz;
    if (grad) {
      float* dr = d->data() + r * cols;
      for (int64_t i = 0; i < cols; ++i) dr[i] = (std::exp(zr[i] - lse) * t_sum - tr[i]) * scale;
    }
  }
  Tensor loss = Tensor::scalar(float(total / double(rows)));
  if (grad) record_loss(loss, "softmax_cross_entropy", logits, std::move(d));
  return loss;
}

// Per row: loss = lse(z) - z_label; dz_i = softmax(z)_i - [i == label].
Tensor sparse_softmax_cross_entropy_from_logits(const Tensor& logits, const Tensor& labels) {
  const char* name = "sparse_categorical_crossentropy (from logits)";
  const auto [rows, cols] = rows_cols(logits, name);
  const std::vector<int64_t> ids = class_ids(labels, rows, cols, name);
  const float* z = logits.data();
  const bool grad = any_requires_grad({&logits});
  auto d = std::make_shared<std::vector<float>>(grad ? rows * cols : 0);
  const float scale = 1.0f / float(rows);
  double total = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const float* zr = z + r * cols;
    const float lse = k::log_sum_exp_row(zr, cols);
    total += double(lse) - zr[ids[r]];
    if (grad) {
      float* dr = d->data() + r * cols;
      for (int64_t i = 0; i < cols; ++i) dr[i] = std::exp(zr[i] - lse) * scale;
      dr[ids[r]] -= scale;
    }
  }
  Tensor loss = Tensor::scalar(float(total / double(rows)));
  if (grad) record_loss(loss, "sparse_softmax_cross_entropy", logits, std::move(d));
  return loss;
}

Tensor sigmoid_binary_crossentropy_from_logits(const Tensor& logits, const Tensor& y_true) {
  return elementwise_loss(logits, y_true, "binary_crossentropy (from logits)",
                          k::binary_cross_entropy_logit_term, k::binary_cross_entropy_logit_grad);
}

}  // namespace tunet::nn
