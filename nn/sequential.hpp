#pragma once
// Sequential: a stack of layers trained as Keras trains it.
//
//   nn::Sequential model({784}, /*seed=*/42);
//   model.add(nn::Dropout(0.2));
//   model.add(nn::Dense(100, "relu"));
//   model.add(nn::Dense(10, "softmax"));
//   model.compile(nn::RMSprop({.learning_rate = 1e-3}), "categorical_crossentropy", {"accuracy"});
//   nn::History h = model.fit(x, y, {.epochs = 5, .batch_size = 128,
//                                    .validation_data = {x_test, y_test}});
//   Tensor probs = model.predict(x_test);
//   std::cout << model.summary();
//   model.save("mlp.tunet");  auto again = nn::Sequential::load("mlp.tunet");
//
// Shapes: the input shape is one sample's (no batch axis): {784}, or {1, 28, 28}
// (NCHW) for convolutions; x is (N, *input_shape). Labels are one-hot (N, C) for
// categorical_crossentropy, class ids (N) for sparse_categorical_crossentropy,
// (N, *output_shape) for binary_crossentropy and mean_squared_error.
//
// Memory: all parameters live in ONE contiguous block and their gradients in
// another (layers hold views), so an optimizer step is one flat loop and a
// checkpoint one write. The block is allocated and initialised from the seed
// the first time the model is compiled or used.
//
// Training: when the loss fuses with the last layer's activation (softmax with
// cross-entropy, sigmoid with binary cross-entropy: nn/losses.hpp) the loss is
// computed from the logits. The loss is checked every batch: a NaN or infinite
// loss stops fit() with an Error naming the epoch and batch (the update of that
// batch is not applied), or, with a TerminateOnNaN callback, ends training
// cleanly with History::stop_reason set.
//
// Devices: model.to(Device::cuda()) moves the parameter and gradient blocks
// and the optimizer state to the GPU; fit / evaluate / predict still take CPU
// tensors, and each step uploads one batch (x and y in one copy) and downloads
// one result (the loss, with the correct-prediction count when accuracy is
// tracked). predict returns a CPU tensor. save() works from either device;
// load() gives a CPU model.
//
// Reproducibility: weights come from the model seed; shuffling and dropout of
// epoch e come from (fit seed, e), so training resumed from a checkpoint with
// initial_epoch = e continues exactly as uninterrupted training (bit-identical
// with one thread).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "nn/callback.hpp"
#include "nn/layer.hpp"
#include "nn/optimizer.hpp"

namespace tunet::nn {

// What fit() returns: Keras's History.history, per epoch run.
struct History {
  std::vector<int> epochs;                             // 0-based, initial_epoch first
  std::map<std::string, std::vector<double>> history;  // "loss", "accuracy", "val_loss", ...
  std::string stop_reason;                             // empty when every epoch ran
};

struct ValidationData {
  Tensor x = {};
  Tensor y = {};
};

struct FitOptions {
  int epochs = 1;                 // train until this epoch count (Keras meaning)
  int64_t batch_size = 32;
  ValidationData validation_data = {};  // takes precedence over validation_split
  double validation_split = 0.0;   // the last fraction of (x, y), before shuffling
  bool shuffle = true;
  int initial_epoch = 0;  // resume: the epoch to start at (0-based)
  Callbacks callbacks = {};
  int verbose = 1;                // 0 silent, 1 progress bar (plain lines off a terminal), 2 one line per epoch
  std::optional<uint64_t> seed = std::nullopt;  // shuffling and dropout; the model seed when absent
};

// A batch's mean loss and number of correct predictions, on the host.
struct BatchMeasure {
  double loss = 0;
  double correct = 0;
};

class Sequential {
 public:
  explicit Sequential(Shape input_shape, uint64_t seed = 0);
  Sequential(Sequential&&) noexcept;
  Sequential& operator=(Sequential&&) noexcept;
  ~Sequential();

  // Adds a layer by value (`model.add(nn::Dense(10, "softmax"))`) and builds it
  // on the previous layer's output shape; Error if the shapes do not fit or the
  // model already holds its parameters.
  template <class L>
  Sequential& add(L layer) {
    return add(std::unique_ptr<Layer>(new L(std::move(layer))));
  }
  Sequential& add(std::unique_ptr<Layer> layer);

  // metrics: {} or {"accuracy"} ("acc" also accepted, reported under that name).
  void compile(const Optimizer& optimizer, const std::string& loss,
               std::vector<std::string> metrics = {});

  History fit(const Tensor& x, const Tensor& y, const FitOptions& options = {});
  // {"loss": ..., "accuracy": ...} over the whole set, in inference mode.
  Logs evaluate(const Tensor& x, const Tensor& y, int64_t batch_size = 32);
  // (N, *output_shape()), in inference mode, without recording a graph.
  // Both give the threads whole batches (a single batch is cut into one share
  // per thread); batch_size bounds the memory, not the result.
  Tensor predict(const Tensor& x, int64_t batch_size = 32);

  // Moves the model (parameters, gradients, optimizer state) to `device`;
  // Error naming the device and the reason when it cannot be used.
  Sequential& to(Device device);
  Device device() const { return device_; }

  // Keras's model.summary() table.
  std::string summary() const;

  // Architecture + weights + optimizer state + seed and epoch count in one
  // versioned file (written to a temporary file, then renamed into place).
  void save(const std::string& path);
  // Validates the whole file before building anything; Error for a truncated,
  // corrupted or foreign file. The model is built completely or not at all.
  static Sequential load(const std::string& path);

  // Weights as NumPy .npy files: <dir>/<layer name>_<parameter name>.npy
  // (e.g. dense_kernel.npy, shape (in, units)). Import checks every shape first.
  void export_weights(const std::string& directory);
  void import_weights(const std::string& directory);

  // ---- inspection ----
  const Shape& input_shape() const { return input_shape_; }
  Shape output_shape() const;
  const std::vector<std::unique_ptr<Layer>>& layers() const { return layers_; }
  int64_t count_params() const;
  // The flat parameter block (allocated and initialised on first use), on the
  // CPU (Error for a model on another device: get_weights() copies from any).
  std::span<float> weights();
  std::vector<float> get_weights();
  void set_weights(std::span<const float> values);  // Error unless that many values
  uint64_t seed() const { return seed_; }
  int epochs_trained() const { return epochs_trained_; }
  bool compiled() const { return optimizer_ != nullptr; }
  const std::string& loss_name() const { return loss_; }
  const std::vector<std::string>& metrics() const { return metrics_; }
  Optimizer* optimizer() { return optimizer_.get(); }

  // From a callback: end training after the current batch.
  void stop_training(std::string reason);
  // Why training was last asked to stop ("" when it was not); fit() clears it.
  const std::string& stop_reason() const { return stop_reason_; }

 private:
  friend class FitLoop;  // fit's training loop (nn/fit_loop.hpp)

  void ensure_built();
  void bind_blocks(Tensor parameters, Tensor gradients);
  void check_inputs(const char* what, const Tensor& x, const Tensor* y) const;
  Tensor forward(const Tensor& x, bool training, bool logits, Rng* rng);
  Tensor loss_of(const Tensor& output, const Tensor& y, bool logits) const;
  BatchMeasure measure(const Tensor& loss, const Tensor& output, const Tensor& y, bool logits) const;
  bool fused_loss() const;
  Logs evaluate_batches(const Tensor& x, const Tensor& y, int64_t batch_size);

  Shape input_shape_;
  uint64_t seed_;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<ParameterSpec> specs_;    // every layer's, in order
  std::vector<size_t> spec_layer_;      // which layer each spec belongs to
  Tensor parameters_;  // the one parameter block (1-D, every parameter a view into it)
  Tensor gradients_;   // and its gradients
  std::vector<size_t> offsets_;  // where each spec's parameter starts in the block
  Device device_ = Device::CPU;
  std::vector<Tensor> parameter_views_;
  std::unique_ptr<Optimizer> optimizer_;
  std::string loss_;
  std::vector<std::string> metrics_;
  int epochs_trained_ = 0;
  std::string stop_reason_;
  bool stop_requested_ = false;
};

}  // namespace tunet::nn
