#pragma once
// Dataset: samples `x` (N, ...) and targets `y`, plus what the targets mean.
//
//   Dataset d = tunet::datasets::two_spirals({.samples_per_class = 100, .seed = 1});
//   d.size();            // 200
//   d.x;                 // (200, 2) features, float32
//   d.y;                 // (200) class indices as floats: what nn's
//                        // sparse_categorical_crossentropy and accuracy take
//   d.one_hot();         // (200, 2): for categorical_crossentropy
//   d.labels();          // {0, 1, 0, 1, ...} as ints
//
// Classification sets keep labels as class indices 0..num_classes-1 and carry
// their class names; regression sets have num_classes == 0 and y of shape (N, T).
// Every transform returns a new Dataset and leaves this one as it was (tensor
// copies share storage, so nothing here writes into an existing tensor).
// Most users start from Splits (splits.hpp), which applies the same chain of
// transforms to train, validation and test at once.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "datasets/resize.hpp"

namespace tunet::datasets {

struct Dataset {
  Tensor x;                              // (N, ...) float32 features
  Tensor y;                              // (N) class indices, or (N, T) regression targets
  int num_classes = 0;                   // 0: y holds regression targets
  std::vector<std::string> class_names;  // one per class (empty for regression)

  int64_t size() const { return x.defined() ? x.dim(0) : 0; }
  bool empty() const { return size() == 0; }
  bool is_classification() const { return num_classes > 0; }
  Shape sample_shape() const;             // x's shape without the leading N

  std::vector<int> labels() const;        // class indices; throws for regression sets
  std::vector<int64_t> class_counts() const;  // samples per class, num_classes entries
  Tensor one_hot() const;                 // (N, num_classes), 1 at each sample's class

  // ---- selecting samples ----
  Dataset take(int64_t n) const;          // the first n samples (a view, no copy)
  Dataset take_stratified(int64_t n, uint64_t seed) const;  // n samples, class shares kept
  Dataset subset(std::span<const int64_t> indices) const;   // copies these rows, in this order

  // ---- transforms (transforms.cpp) ----
  Dataset scale(float factor, float offset = 0.0f) const;  // x * factor + offset
  Dataset flatten() const;                // (N, ...) -> (N, D), a view
  Dataset reshape_nchw() const;           // (N,H,W) or square (N,D) -> (N,1,H,W)
  Dataset reshape_nchw(int64_t channels, int64_t height, int64_t width) const;
  // Images to height x width. x may be (N,H,W), (N,C,H,W) or flat (N,D) with D
  // a perfect square (one channel); the layout is kept (flat stays flat).
  Dataset resize(int64_t height, int64_t width, ResizeMethod method = ResizeMethod::Area) const;

  // For data assembled by hand: throws Error (prefixed with `what`) unless x
  // and y agree on N, labels are class indices and there are num_classes names.
  void validate(const std::string& what) const;
};

// (N) float class indices -> (N, num_classes) one-hot rows. Throws Error on a
// label that is not an integer in [0, num_classes).
Tensor one_hot(const Tensor& labels, int num_classes);

// Rows `indices` of `source` (first axis), copied into a new tensor.
Tensor gather_rows(const Tensor& source, std::span<const int64_t> indices);

}  // namespace tunet::datasets
