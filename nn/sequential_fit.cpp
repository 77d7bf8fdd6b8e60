// Sequential::fit: its options checked, the inputs checked, the validation
// data chosen (validation_data, else the last validation_split of the
// samples), then the training loop (FitLoop, fit_loop.cpp).
#include <string>

#include "core/error.hpp"
#include "nn/batching.hpp"
#include "nn/fit_loop.hpp"
#include "nn/sequential.hpp"

namespace tunet::nn {

namespace {

void check_fit_options(const FitOptions& options) {
  check(options.batch_size > 0,
        "Sequential.fit: batch_size must be > 0, got " + std::to_string(options.batch_size));
  check(options.initial_epoch >= 0 && options.epochs >= 0,
        "Sequential.fit: epochs and initial_epoch must be >= 0");
  check(options.validation_split >= 0 && options.validation_split < 1,
        "Sequential.fit: validation_split must be in [0, 1), got " +
            std::to_string(options.validation_split));
}

bool has_validation_data(const FitOptions& options) {
  return options.validation_data.x.defined() || options.validation_data.y.defined();
}

FitData fit_data(const Tensor& x, const Tensor& y, const FitOptions& options) {
  if (has_validation_data(options)) return {x, y, options.validation_data.x, options.validation_data.y};
  if (options.validation_split == 0) return {x, y, {}, {}};
  // Keras: the last fraction of the samples, taken before any shuffling.
  const int64_t n = x.dim(0);
  const auto split_at = static_cast<int64_t>(double(n) * (1.0 - options.validation_split));
  check(split_at > 0 && split_at < n, "Sequential.fit: validation_split " +
                                          std::to_string(options.validation_split) + " of " +
                                          std::to_string(n) + " samples leaves a side empty");
  return {rows(x, 0, split_at), rows(y, 0, split_at), rows(x, split_at, n), rows(y, split_at, n)};
}

}  // namespace

History Sequential::fit(const Tensor& x, const Tensor& y, const FitOptions& options) {
  check(compiled(), "Sequential.fit: compile() the model first");
  check_fit_options(options);
  check_inputs("fit", x, &y);
  if (has_validation_data(options))
    check_inputs("fit (validation_data)", options.validation_data.x, &options.validation_data.y);
  return FitLoop(*this, fit_data(x, y, options), options).run();
}

}  // namespace tunet::nn
