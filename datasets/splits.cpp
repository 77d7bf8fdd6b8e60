#include "datasets/splits.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include "core/error.hpp"
#include "core/random.hpp"
#include "datasets/standardization.hpp"

namespace tunet::datasets {
namespace {

// Fisher-Yates with the counter-based generator: the order is a pure function of the seed.
void shuffle(std::vector<int64_t>& items, Rng& rng) {
  for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[rng.below(i)]);
}

std::vector<int64_t> iota(int64_t n) {
  std::vector<int64_t> out(static_cast<size_t>(n));
  std::iota(out.begin(), out.end(), int64_t{0});
  return out;
}

// The sample indices of each class, in order.
std::vector<std::vector<int64_t>> indices_by_class(const Dataset& data) {
  std::vector<std::vector<int64_t>> groups(static_cast<size_t>(data.num_classes));
  const std::vector<int> labels = data.labels();
  for (size_t i = 0; i < labels.size(); ++i) groups[labels[i]].push_back(static_cast<int64_t>(i));
  return groups;
}

// The complement of the sorted list `chosen` in 0..n-1.
std::vector<int64_t> complement(const std::vector<int64_t>& chosen, int64_t n) {
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(n) - chosen.size());
  size_t next = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (next < chosen.size() && chosen[next] == i) {
      ++next;
    } else {
      out.push_back(i);
    }
  }
  return out;
}

// Applies `transform` to every part that holds samples.
Splits each_part(const Splits& splits, const std::function<Dataset(const Dataset&)>& transform) {
  Splits out;
  for (auto [from, to] : {std::pair{&splits.train, &out.train}, std::pair{&splits.validation, &out.validation},
                          std::pair{&splits.test, &out.test}}) {
    *to = from->x.defined() && !from->empty() ? transform(*from) : *from;
  }
  return out;
}

Dataset take_part(const Dataset& part, int64_t count, const char* name) {
  if (count == kAll) return part;
  check(count >= 0 && count <= part.size(), std::string("Splits::take: ") + name + " = " + std::to_string(count) +
                                                " but the " + name + " set has " + std::to_string(part.size()) +
                                                " samples");
  return part.take(count);
}

}  // namespace

SplitIndices split_indices(const Dataset& data, double fraction, uint64_t seed, bool stratify) {
  check(fraction > 0.0 && fraction < 1.0,
        "split_indices: the validation fraction must be in (0, 1), got " + std::to_string(fraction));
  const int64_t n = data.size();
  const auto wanted = static_cast<int64_t>(std::llround(fraction * static_cast<double>(n)));
  check(wanted >= 1 && wanted < n, "split_indices: a fraction of " + std::to_string(fraction) + " of " +
                                       std::to_string(n) + " samples leaves one side empty");
  Rng rng(seed);
  SplitIndices out;
  if (stratify && data.is_classification()) {
    std::vector<std::vector<int64_t>> groups = indices_by_class(data);
    // floor(fraction * n_c) per class, then largest remainders until `wanted` is reached
    std::vector<int64_t> take(groups.size());
    std::vector<double> remainder(groups.size());
    int64_t taken = 0;
    for (size_t c = 0; c < groups.size(); ++c) {
      const double exact = fraction * static_cast<double>(groups[c].size());
      take[c] = static_cast<int64_t>(std::floor(exact));
      remainder[c] = exact - static_cast<double>(take[c]);
      taken += take[c];
    }
    std::vector<size_t> by_remainder(groups.size());
    std::iota(by_remainder.begin(), by_remainder.end(), size_t{0});
    std::stable_sort(by_remainder.begin(), by_remainder.end(),
                     [&](size_t a, size_t b) { return remainder[a] > remainder[b]; });
    for (size_t i = 0; taken < wanted && i < by_remainder.size(); ++i) {
      const size_t c = by_remainder[i];
      if (take[c] < static_cast<int64_t>(groups[c].size())) {
        ++take[c];
        ++taken;
      }
    }
    for (size_t c = 0; c < groups.size(); ++c) {
      Rng class_rng = rng.derive(c);
      shuffle(groups[c], class_rng);
      out.validation.insert(out.validation.end(), groups[c].begin(), groups[c].begin() + take[c]);
    }
  } else {
    std::vector<int64_t> order = iota(n);
    shuffle(order, rng);
    out.validation.assign(order.begin(), order.begin() + wanted);
  }
  std::sort(out.validation.begin(), out.validation.end());
  out.train = complement(out.validation, n);
  return out;
}

TrainValidation train_validation_split(const Dataset& data, double fraction, uint64_t seed, bool stratify) {
  const SplitIndices parts = split_indices(data, fraction, seed, stratify);
  return {data.subset(parts.train), data.subset(parts.validation)};
}

std::vector<SplitIndices> k_fold(const Dataset& data, KFoldOptions options) {
  const int64_t n = data.size();
  check(options.k >= 2 && options.k <= n, "k_fold: k must be in [2, N = " + std::to_string(n) + "], got " +
                                              std::to_string(options.k));
  check(!options.stratify || data.is_classification(), "k_fold: stratify needs class labels");
  Rng rng(options.seed);
  // Deal samples to folds round-robin (class by class when stratified) after an
  // optional shuffle, or in contiguous blocks when neither applies.
  std::vector<std::vector<int64_t>> folds(static_cast<size_t>(options.k));
  if (options.stratify) {
    std::vector<std::vector<int64_t>> groups = indices_by_class(data);
    size_t next_fold = 0;
    for (size_t c = 0; c < groups.size(); ++c) {
      if (options.shuffle) {
        Rng class_rng = rng.derive(c);
        shuffle(groups[c], class_rng);
      }
      for (int64_t index : groups[c]) {
        folds[next_fold].push_back(index);
        next_fold = (next_fold + 1) % folds.size();
      }
    }
  } else {
    std::vector<int64_t> order = iota(n);
    if (options.shuffle) shuffle(order, rng);
    int64_t start = 0;
    for (int f = 0; f < options.k; ++f) {
      const int64_t size = n / options.k + (f < n % options.k ? 1 : 0);
      folds[f].assign(order.begin() + start, order.begin() + start + size);
      start += size;
    }
  }
  std::vector<SplitIndices> out;
  for (std::vector<int64_t>& fold : folds) {
    std::sort(fold.begin(), fold.end());
    out.push_back({complement(fold, n), fold});
  }
  return out;
}

Splits Splits::split_validation(double fraction, uint64_t seed, bool stratify) const {
  check(validation.empty(), "split_validation: this data already has a validation set of " +
                                std::to_string(validation.size()) + " samples");
  check(!train.empty(), "split_validation: the training set is empty");
  TrainValidation parts = train_validation_split(train, fraction, seed, stratify);
  return {std::move(parts.train), std::move(parts.validation), test};
}

Splits Splits::flatten() const {
  return each_part(*this, [](const Dataset& d) { return d.flatten(); });
}

Splits Splits::scale(float factor, float offset) const {
  return each_part(*this, [&](const Dataset& d) { return d.scale(factor, offset); });
}

Splits Splits::normalize() const {
  check(!train.empty(), "normalize: the training set is empty");
  const auto [lo, hi] = std::minmax_element(train.x.data(), train.x.data() + train.x.numel());
  const float range = *hi - *lo;
  check(range > 0, "normalize: every feature of the training set equals " + std::to_string(*lo));
  // x' = (x - min) / (max - min), with train's min and max for every part
  return scale(1.0f / range, -*lo / range);
}

Splits Splits::standardize() const {
  check(!train.empty(), "standardize: the training set is empty");
  const Standardization scaler = Standardization::fit(train);
  return each_part(*this, [&](const Dataset& d) { return scaler.apply(d); });
}

Splits Splits::reshape_nchw() const {
  return each_part(*this, [](const Dataset& d) { return d.reshape_nchw(); });
}

Splits Splits::resize(int64_t height, int64_t width, ResizeMethod method) const {
  return each_part(*this, [&](const Dataset& d) { return d.resize(height, width, method); });
}

Splits Splits::take(PartSizes sizes) const {
  return {take_part(train, sizes.train, "train"), take_part(validation, sizes.validation, "validation"),
          take_part(test, sizes.test, "test")};
}

Splits Splits::take_stratified(PartSizes sizes, uint64_t seed) const {
  auto part = [&](const Dataset& d, int64_t count, uint64_t stream) {
    return count == kAll ? d : d.take_stratified(count, Rng(seed).derive(stream).next_u32());
  };
  return {part(train, sizes.train, 0), part(validation, sizes.validation, 1), part(test, sizes.test, 2)};
}

std::string Splits::summary() const {
  std::string out = "train " + std::to_string(train.size()) + ", validation " + std::to_string(validation.size()) +
                    ", test " + std::to_string(test.size());
  if (train.x.defined()) out += "; samples " + shape_str(train.sample_shape());
  out += train.is_classification() ? "; " + std::to_string(train.num_classes) + " classes" : "; regression";
  return out;
}

}  // namespace tunet::datasets
