// Sequential's input checks: x (and y) must be CPU tensors of the model's
// sample shape, finite, with labels in the form the loss takes (class ids in
// range, one-hot or [0, 1] values, finite regression targets); each error
// names the call, the shapes, and the first offending sample.
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "nn/label_kind.hpp"
#include "nn/sequential.hpp"

namespace tunet::nn {

void Sequential::check_inputs(const char* what, const Tensor& x, const Tensor* y) const {
  const std::string where = std::string("Sequential.") + what + ": ";
  check(x.defined(), where + "x is undefined");
  Shape expected = input_shape_;
  expected.insert(expected.begin(), -1);
  const Shape& xs = x.shape();
  const bool fits = xs.size() == expected.size() && std::equal(xs.begin() + 1, xs.end(), input_shape_.begin());
  check(fits, where + "x has shape " + shape_str(xs) + " but the first layer '" + layers_[0]->name() +
                  "' takes batches of " + shape_str(input_shape_) + " samples, i.e. (N, " +
                  shape_str(input_shape_).substr(1));
  check(xs[0] > 0, where + "x holds no samples");
  const int64_t n = xs[0];
  const int64_t per_sample = x.numel() / n;
  check(x.device().is_cpu(), where + "x is on " + x.device().str() +
                                 "; pass data on the CPU (each batch is copied to the model's device)");
  const float* xv = x.data();
  if (const int64_t i = first_non_finite(xv, x.numel()); i >= 0)
    throw Error(where + "x holds " + std::to_string(xv[i]) + " at sample " + std::to_string(i / per_sample) +
                " (element " + std::to_string(i % per_sample) + ")");
  if (!y) return;
  check(y->defined(), where + "y is undefined");
  check(y->device().is_cpu(), where + "y is on " + y->device().str() + "; pass labels on the CPU");
  const Shape& ys = y->shape();
  check(!ys.empty() && ys[0] == n, where + "x has " + std::to_string(n) + " samples but y has shape " +
                                       shape_str(ys));
  const Shape out = output_shape();
  const float* yv = y->data();
  const LabelKind kind = label_kind(loss_);
  if (kind == LabelKind::Sparse) {
    check(y->numel() == n, where + "sparse_categorical_crossentropy takes class ids of shape (" +
                               std::to_string(n) + ") or (" + std::to_string(n) + ", 1), got " +
                               shape_str(ys));
    const int64_t classes = out.back();
    for (int64_t i = 0; i < n; ++i) {
      const float label = yv[i];
      if (!(std::isfinite(label) && label == std::floor(label) && label >= 0 && label < classes))
        throw Error(where + "label " + std::to_string(label) + " of sample " + std::to_string(i) +
                    " is out of range: class ids are integers in [0, " + std::to_string(classes) + ")");
    }
    return;
  }
  const bool same = ys.size() == out.size() + 1 && std::equal(ys.begin() + 1, ys.end(), out.begin());
  std::string hint;
  if (kind == LabelKind::Categorical && ys.size() == 1)
    hint = " (categorical_crossentropy takes one-hot labels; for class ids use "
           "sparse_categorical_crossentropy)";
  check(same, where + "y has shape " + shape_str(ys) + " but the model's output is (N, " +
                  shape_str(out).substr(1) + hint);
  const int64_t per_label = y->numel() / n;
  const int64_t y_count = y->numel();
  for (int64_t i = 0; i < y_count; ++i) {
    const float v = yv[i];
    const bool ok = kind == LabelKind::Regression ? std::isfinite(v) : (v >= 0 && v <= 1);
    if (!ok)
      throw Error(where + "label value " + std::to_string(v) + " of sample " + std::to_string(i / per_label) +
                  (kind == LabelKind::Regression ? " is not finite" : " is out of range [0, 1]"));
  }
}

}  // namespace tunet::nn
