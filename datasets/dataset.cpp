#include "datasets/dataset.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "datasets/splits.hpp"

namespace tunet::datasets {
namespace {

// A label as a class index; throws unless it is an integer in [0, num_classes).
int class_index(float label, int num_classes, int64_t sample) {
  const bool integral = std::isfinite(label) && label == std::floor(label);
  if (!integral || label < 0 || label >= static_cast<float>(num_classes)) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", static_cast<double>(label));
    throw Error("datasets: label " + std::string(text) + " of sample " + std::to_string(sample) +
                " is not a class index in [0, " + std::to_string(num_classes) + ")");
  }
  return static_cast<int>(label);
}

// A view of rows [0, n) of `t` (first axis), sharing its storage.
Tensor first_rows(const Tensor& t, int64_t n) {
  Shape shape = t.shape();
  shape[0] = n;
  return Tensor::view_of(t.storage(), t.offset(), shape);
}

}  // namespace

Shape Dataset::sample_shape() const {
  check(x.defined(), "datasets: the dataset has no features (x is undefined)");
  return Shape(x.shape().begin() + 1, x.shape().end());
}

std::vector<int> Dataset::labels() const {
  check(is_classification(), "datasets: labels() needs class labels, this dataset holds regression targets");
  std::vector<int> out(static_cast<size_t>(size()));
  const float* values = y.data();
  for (int64_t i = 0; i < size(); ++i) out[i] = class_index(values[i], num_classes, i);
  return out;
}

std::vector<int64_t> Dataset::class_counts() const {
  std::vector<int64_t> counts(static_cast<size_t>(num_classes), 0);
  for (int label : labels()) ++counts[label];
  return counts;
}

Tensor Dataset::one_hot() const {
  check(is_classification(), "datasets: one_hot() needs class labels, this dataset holds regression targets");
  return datasets::one_hot(y, num_classes);
}

Dataset Dataset::take(int64_t n) const {
  check(n >= 0 && n <= size(), "datasets: take(" + std::to_string(n) + ") from a dataset of " +
                                   std::to_string(size()) + " samples");
  if (!x.defined()) return *this;
  Dataset out = *this;
  out.x = first_rows(x, n);
  out.y = first_rows(y, n);
  return out;
}

Dataset Dataset::take_stratified(int64_t n, uint64_t seed) const {
  check(n >= 0 && n <= size(), "datasets: take_stratified(" + std::to_string(n) + ") from a dataset of " +
                                   std::to_string(size()) + " samples");
  if (n == 0) return take(0);
  if (n == size()) return *this;
  // The same draw as a validation split of share n / N: the "validation" part is the subset.
  const double share = static_cast<double>(n) / static_cast<double>(size());
  std::vector<int64_t> chosen = split_indices(*this, share, seed, is_classification()).validation;
  return subset(chosen);
}

Dataset Dataset::subset(std::span<const int64_t> indices) const {
  Dataset out = *this;
  out.x = gather_rows(x, indices);
  out.y = gather_rows(y, indices);
  return out;
}

void Dataset::validate(const std::string& what) const {
  check(x.defined() && x.rank() >= 1, what + ": features x must have a leading sample axis");
  check(y.defined() && y.rank() >= 1 && y.dim(0) == x.dim(0),
        what + ": x has shape " + shape_str(x.shape()) + " but y has shape " +
            (y.defined() ? shape_str(y.shape()) : std::string("(undefined)")) + "; both need the same N");
  if (!is_classification()) return;
  check(y.rank() == 1, what + ": class labels must have shape (N), got " + shape_str(y.shape()));
  check(class_names.size() == static_cast<size_t>(num_classes),
        what + ": " + std::to_string(num_classes) + " classes but " + std::to_string(class_names.size()) +
            " class names");
  const float* values = y.data();
  for (int64_t i = 0; i < size(); ++i) class_index(values[i], num_classes, i);
}

Tensor one_hot(const Tensor& labels, int num_classes) {
  check(labels.rank() == 1, "one_hot: expected labels of shape (N), got " + shape_str(labels.shape()));
  check(num_classes > 0, "one_hot: num_classes must be positive, got " + std::to_string(num_classes));
  const int64_t n = labels.dim(0);
  Tensor out = Tensor::zeros({n, num_classes});
  const float* in = labels.data();
  float* dst = out.data();
  for (int64_t i = 0; i < n; ++i) dst[i * num_classes + class_index(in[i], num_classes, i)] = 1.0f;
  return out;
}

Tensor gather_rows(const Tensor& source, std::span<const int64_t> indices) {
  check(source.defined(), "gather_rows: the source tensor is undefined (an empty Dataset?)");
  check(source.rank() >= 1, "gather_rows: the source needs a leading axis, got " + shape_str(source.shape()));
  const int64_t n = source.dim(0);
  const int64_t row = n > 0 ? source.numel() / n : shape_numel(Shape(source.shape().begin() + 1, source.shape().end()));
  Shape shape = source.shape();
  shape[0] = static_cast<int64_t>(indices.size());
  Tensor out = Tensor::empty(shape);
  for (int64_t index : indices) {
    if (index < 0 || index >= n) {
      throw Error("gather_rows: row index " + std::to_string(index) + " out of range for " + std::to_string(n) +
                  " rows");
    }
  }
  const float* src = source.data();
  float* dst = out.data();
  const int64_t count = static_cast<int64_t>(indices.size());
  TUNET_OMP_FOR_IF(count * row >= kParallelMinElements)
  for (int64_t i = 0; i < count; ++i) {
    std::memcpy(dst + i * row, src + indices[i] * row, static_cast<size_t>(row) * sizeof(float));
  }
  return out;
}

}  // namespace tunet::datasets
