#include "datasets/batches.hpp"

#include <cstring>
#include <memory>
#include <numeric>

#include "core/error.hpp"
#include "core/random.hpp"

namespace tunet::datasets {
namespace {

// True when `t` can be overwritten: it has `shape` and nothing else refers to it or its storage.
bool reusable(const Tensor& t, const Shape& shape) {
  return t.defined() && t.shape() == shape && t.impl_ptr().use_count() == 1 && t.storage().use_count() == 1;
}

// Copies rows `rows` of `source` into `target`, (re)allocating it when it cannot be reused.
void gather_into(const Tensor& source, std::span<const int64_t> rows, Tensor& target) {
  Shape shape = source.shape();
  shape[0] = static_cast<int64_t>(rows.size());
  if (!reusable(target, shape)) target = Tensor::empty(shape);
  const int64_t row = shape_numel(Shape(shape.begin() + 1, shape.end()));
  const float* src = source.data();
  float* dst = target.data();
  for (size_t i = 0; i < rows.size(); ++i) {
    std::memcpy(dst + static_cast<int64_t>(i) * row, src + rows[i] * row, static_cast<size_t>(row) * sizeof(float));
  }
}

int64_t full_pass_steps(int64_t n, int64_t batch_size) { return (n + batch_size - 1) / batch_size; }

}  // namespace

BatchStream::BatchStream(Dataset data, BatchOptions options) : data_(std::move(data)), options_(options) {
  check(options_.batch_size > 0, "BatchStream: batch_size must be positive, got " + std::to_string(options_.batch_size));
  check(!data_.empty(), "BatchStream: the dataset is empty");
  check(data_.y.defined() && data_.y.dim(0) == data_.size(), "BatchStream: x and y disagree on the number of samples");
  start_epoch(0);
}

void BatchStream::start_epoch(int64_t epoch, int64_t start) {
  check(start >= 0 && start <= data_.size(), "BatchStream: start " + std::to_string(start) + " outside [0, " +
                                                 std::to_string(data_.size()) + "]");
  epoch_ = epoch;
  position_ = start;
  order_.resize(static_cast<size_t>(data_.size()));
  std::iota(order_.begin(), order_.end(), int64_t{0});
  if (!options_.shuffle) return;
  // Fisher-Yates with the generator of (seed, stream = epoch)
  Rng rng(options_.seed, static_cast<uint64_t>(epoch));
  for (size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[rng.below(i)]);
}

bool BatchStream::next(Batch& batch) {
  const int64_t left = data_.size() - position_;
  if (left <= 0 || (options_.drop_last && left < options_.batch_size)) return false;
  const int64_t count = std::min(left, options_.batch_size);
  const std::span<const int64_t> rows(order_.data() + position_, static_cast<size_t>(count));
  gather_into(data_.x, rows, batch.x);
  gather_into(data_.y, rows, batch.y);
  position_ += count;
  return true;
}

int64_t BatchStream::steps_per_epoch() const {
  return options_.drop_last ? data_.size() / options_.batch_size : full_pass_steps(data_.size(), options_.batch_size);
}

BatchGenerator batch_generator(Dataset data, GeneratorOptions options, uint64_t seed) {
  auto stream = std::make_shared<BatchStream>(
      std::move(data), BatchOptions{.batch_size = options.batch_size, .seed = seed, .shuffle = options.shuffle});
  if (options.random_start) {
    // Stream 2^63 of the seed is kept for the start; epochs use streams 0, 1, ...
    Rng rng(seed, uint64_t{1} << 63);
    stream->start_epoch(0, static_cast<int64_t>(rng.below(static_cast<uint64_t>(stream->data().size()))));
  }
  return [stream]() {
    Batch batch;
    if (!stream->next(batch)) {
      stream->start_epoch(stream->epoch() + 1);
      stream->next(batch);
    }
    return batch;
  };
}

GeneratorData generator_data(const Splits& data, GeneratorOptions options, int64_t steps_per_epoch,
                             int64_t validation_steps) {
  check(!data.train.empty() && !data.validation.empty(),
        "generator_data: needs a training and a validation set (call split_validation first); got " + data.summary());
  check(options.batch_size > 0, "generator_data: batch_size must be positive");
  check(steps_per_epoch >= 0 && validation_steps >= 0, "generator_data: step counts must not be negative");
  GeneratorData out;
  out.steps_per_epoch = steps_per_epoch > 0 ? steps_per_epoch : full_pass_steps(data.train.size(), options.batch_size);
  out.validation_steps =
      validation_steps > 0 ? validation_steps : full_pass_steps(data.validation.size(), options.batch_size);
  out.train = [train = data.train, options](uint64_t seed) { return batch_generator(train, options, seed); };
  const GeneratorOptions in_order{.batch_size = options.batch_size, .shuffle = false, .random_start = false};
  out.validation = [validation = data.validation, in_order](uint64_t seed) {
    return batch_generator(validation, in_order, seed);
  };
  return out;
}

}  // namespace tunet::datasets
