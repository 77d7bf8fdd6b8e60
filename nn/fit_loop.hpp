#pragma once
// FitLoop: one call of Sequential::fit as named steps. run() calls the
// callbacks' train hooks around the epochs; each epoch shuffles the sample
// order from (fit seed, epoch), trains its batches, validates, records the
// epoch in the History and calls the epoch hooks. A batch step zeroes the
// gradients, runs forward and the loss, checks that the loss is finite (else
// the step is not applied: fit throws, or a TerminateOnNaN callback ends
// training), then backward and the optimizer step. A callback's
// stop_training() ends training after the current batch.
#include <cstdint>
#include <vector>

#include "core/random.hpp"
#include "nn/batching.hpp"
#include "nn/progress.hpp"
#include "nn/sequential.hpp"

namespace tunet::nn {

// What fit trains and validates on (validation split off already); val_x
// undefined: no validation.
struct FitData {
  Tensor train_x, train_y, val_x, val_y;
};

class FitLoop {
 public:
  FitLoop(Sequential& model, FitData data, const FitOptions& options);
  History run();

 private:
  // The running means of one epoch's batches so far.
  struct EpochTotals {
    double loss_sum = 0, correct = 0;
    int64_t seen = 0;
    Logs logs;  // "loss" and each metric, over the batches so far
  };

  // false: training ended inside the epoch (a non-finite loss or a callback's stop).
  bool run_epoch(int epoch);
  void shuffle(int epoch);
  // false: the epoch ends after this batch.
  bool train_batch(int epoch, int64_t step, Rng& dropout, EpochTotals& totals);
  // A non-finite loss: the callbacks see the batch; unless one asked to stop, fit throws.
  void stop_at_non_finite(int epoch, int64_t step, double loss, const Logs& logs);
  void validate(Logs& logs);
  void end_epoch(int epoch);

  Sequential& model_;
  const FitData data_;
  const FitOptions& options_;
  const int64_t n_;      // training samples
  const int64_t steps_;  // batches an epoch
  const uint64_t fit_seed_;
  const bool logits_;    // the loss is computed from the last layer's logits
  History history_;
  Progress progress_;
  std::vector<int64_t> order_;  // the epoch's sample order
  BatchStage batch_;
  Logs epoch_logs_;  // the last complete epoch's
};

}  // namespace tunet::nn
