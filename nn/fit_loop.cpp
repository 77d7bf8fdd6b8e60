// The training loop of Sequential::fit (fit_loop.hpp).
#include "nn/fit_loop.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/error.hpp"

namespace tunet::nn {

namespace {

// Shuffling and dropout of epoch e come from (fit seed, e * kStreamsPerEpoch + kind).
constexpr uint64_t kStreamsPerEpoch = 4;
constexpr uint64_t kShuffleStream = 1;
constexpr uint64_t kDropoutStream = 2;

uint64_t epoch_stream(int epoch) { return static_cast<uint64_t>(epoch) * kStreamsPerEpoch; }

}  // namespace

FitLoop::FitLoop(Sequential& model, FitData data, const FitOptions& options)
    : model_(model),
      data_(std::move(data)),
      options_(options),
      n_(data_.train_x.dim(0)),
      steps_((n_ + options.batch_size - 1) / options.batch_size),
      fit_seed_(options.seed.value_or(model.seed())),
      logits_(model.fused_loss()),
      progress_(options.verbose),
      order_(static_cast<size_t>(n_)),
      batch_(data_.train_x, data_.train_y, model.device()) {}

History FitLoop::run() {
  model_.stop_requested_ = false;
  model_.stop_reason_.clear();
  for (const auto& cb : options_.callbacks) cb->on_train_begin(model_);
  for (int epoch = options_.initial_epoch; epoch < options_.epochs && !model_.stop_requested_; ++epoch)
    if (!run_epoch(epoch)) break;
  for (const auto& cb : options_.callbacks) cb->on_train_end(epoch_logs_, model_);
  history_.stop_reason = model_.stop_reason_;
  return history_;
}

bool FitLoop::run_epoch(int epoch) {
  for (const auto& cb : options_.callbacks) cb->on_epoch_begin(epoch, model_);
  progress_.begin_epoch(epoch, options_.epochs, steps_);
  shuffle(epoch);
  Rng dropout(fit_seed_, epoch_stream(epoch) + kDropoutStream);
  EpochTotals totals;
  for (int64_t step = 0; step < steps_; ++step)
    if (!train_batch(epoch, step, dropout, totals)) return false;
  epoch_logs_ = totals.logs;
  if (data_.val_x.defined()) validate(epoch_logs_);
  end_epoch(epoch);
  return true;
}

// The identity order, shuffled by Fisher-Yates when options.shuffle.
void FitLoop::shuffle(int epoch) {
  std::iota(order_.begin(), order_.end(), int64_t{0});
  if (!options_.shuffle) return;
  Rng shuffle(fit_seed_, epoch_stream(epoch) + kShuffleStream);
  for (int64_t i = n_ - 1; i > 0; --i) std::swap(order_[i], order_[shuffle.below(static_cast<uint64_t>(i) + 1)]);
}

bool FitLoop::train_batch(int epoch, int64_t step, Rng& dropout, EpochTotals& totals) {
  const int64_t begin = step * options_.batch_size;
  const int64_t end = std::min(n_, begin + options_.batch_size);
  batch_.load(order_, begin, end);
  model_.gradients_.fill(0.0f);

  const Tensor out = model_.forward(batch_.x(), true, logits_, &dropout);
  const Tensor loss = model_.loss_of(out, batch_.y(), logits_);
  const BatchMeasure measured = model_.measure(loss, out, batch_.y(), logits_);
  const int64_t count = end - begin;
  totals.seen += count;
  totals.loss_sum += measured.loss * double(count);
  totals.correct += measured.correct;
  totals.logs["loss"] = totals.loss_sum / double(totals.seen);
  for (const auto& m : model_.metrics()) totals.logs[m] = totals.correct / double(totals.seen);

  if (!std::isfinite(measured.loss)) {
    stop_at_non_finite(epoch, step, measured.loss, totals.logs);
    return false;
  }
  loss.backward();
  model_.optimizer_->step(model_.parameters_, model_.gradients_);
  progress_.update(step + 1, totals.logs);
  for (const auto& cb : options_.callbacks) cb->on_batch_end(static_cast<int>(step), totals.logs, model_);
  return !(model_.stop_requested_ && step + 1 < steps_);
}

// The update of this batch is not applied: the weights stay finite.
void FitLoop::stop_at_non_finite(int epoch, int64_t step, double loss, const Logs& logs) {
  const std::string what = "loss is " + std::to_string(loss) + " at epoch " + std::to_string(epoch + 1) +
                           ", batch " + std::to_string(step + 1);
  for (const auto& cb : options_.callbacks) cb->on_batch_end(static_cast<int>(step), logs, model_);
  if (!model_.stop_requested_)
    throw Error("Sequential.fit: " + what +
                " (lower the learning rate, or add a TerminateOnNaN callback to stop cleanly)");
}

void FitLoop::validate(Logs& logs) {
  for (const auto& [name, value] : model_.evaluate_batches(data_.val_x, data_.val_y, options_.batch_size))
    logs["val_" + name] = value;
}

void FitLoop::end_epoch(int epoch) {
  model_.epochs_trained_ = epoch + 1;
  history_.epochs.push_back(epoch);
  for (const auto& [name, value] : epoch_logs_) history_.history[name].push_back(value);
  progress_.end_epoch(epoch_logs_);
  for (const auto& cb : options_.callbacks) cb->on_epoch_end(epoch, epoch_logs_, model_);
}

}  // namespace tunet::nn
