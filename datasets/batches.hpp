#pragma once
// Mini-batches: a shuffled stream over arrays, and generators (Hobbit's
// generator_function with steps_per_epoch / validation_steps).
//
// Arrays, one epoch at a time:
//   BatchStream stream(data.train, {.batch_size = 128, .seed = 7});
//   Batch batch;
//   for (int64_t epoch = 0; epoch < 5; ++epoch) {
//     stream.start_epoch(epoch);
//     while (stream.next(batch)) train_on(batch.x, batch.y);
//   }
//
// Generators, for data that does not fit in memory or short epochs:
//   GeneratorData gen = generator_data(data, {.batch_size = 128, .random_start = true},
//                                      /*steps_per_epoch=*/100, /*validation_steps=*/0);
//   BatchGenerator train = gen.train(/*seed=*/trial_seed);  // a fresh generator per trial
//   for (int64_t step = 0; step < gen.steps_per_epoch; ++step) train_on(train());
//
// Reproducible: the order of epoch e is a pure function of (seed, e), so a run
// resumed at epoch e sees exactly the batches it would have seen.
#include <cstdint>
#include <functional>
#include <vector>

#include "datasets/splits.hpp"

namespace tunet::datasets {

struct Batch {
  Tensor x;  // (B, ...) features
  Tensor y;  // (B) class indices or (B, T) targets
};

struct BatchOptions {
  int64_t batch_size = 32;
  uint64_t seed = 0;
  bool shuffle = true;     // a new random order each epoch; false: the data's order
  bool drop_last = false;  // skip the last batch when it is smaller than batch_size
};

class BatchStream {
 public:
  BatchStream(Dataset data, BatchOptions options);

  // Restarts at the beginning of epoch `epoch` (its own order), optionally at
  // position `start` of that order instead of 0.
  void start_epoch(int64_t epoch, int64_t start = 0);
  // Fills `batch` with the next samples; false when the epoch is over. The
  // batch's tensors are reused when nothing else holds them (no allocation per
  // batch in a steady loop); a batch kept elsewhere gets fresh tensors.
  bool next(Batch& batch);

  int64_t steps_per_epoch() const;  // ceil(N / B), or floor with drop_last
  int64_t epoch() const { return epoch_; }
  int64_t position() const { return position_; }
  const std::vector<int64_t>& order() const { return order_; }  // this epoch's sample order
  const Dataset& data() const { return data_; }

 private:
  Dataset data_;
  BatchOptions options_;
  std::vector<int64_t> order_;
  int64_t epoch_ = 0;
  int64_t position_ = 0;
};

// ---- generators ----

// Each call returns the next batch, endlessly: a pass over the data in a new
// order, then the next pass. The last batch of a pass may be smaller.
using BatchGenerator = std::function<Batch()>;
// Makes a generator (Hobbit's generator_function): call it once per training run.
using GeneratorFunction = std::function<BatchGenerator(uint64_t seed)>;

struct GeneratorOptions {
  int64_t batch_size = 32;
  bool shuffle = true;
  // Start at a random place of the first pass (drawn from the seed): with
  // steps_per_epoch below a full pass, successive runs still see all the data.
  bool random_start = false;
};

// An endless generator over `data`; passes are ordered as BatchStream's epochs.
BatchGenerator batch_generator(Dataset data, GeneratorOptions options, uint64_t seed);

// The training and validation sides as generator functions with their step counts.
struct GeneratorData {
  GeneratorFunction train;
  int64_t steps_per_epoch = 0;
  GeneratorFunction validation;  // unshuffled, from the start: validation_steps covers it once
  int64_t validation_steps = 0;
};

// From Splits with a validation set; steps 0 means one full pass (ceil(N / B)).
GeneratorData generator_data(const Splits& data, GeneratorOptions options, int64_t steps_per_epoch = 0,
                             int64_t validation_steps = 0);

}  // namespace tunet::datasets
