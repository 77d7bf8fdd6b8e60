// Sequential: building the parameter block, fit / evaluate / predict.
// (summary() is in sequential_summary.cpp, save / load in sequential_file.cpp.)
#include "nn/sequential.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <numeric>

#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/nn_ops.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"
#include "nn/initializers.hpp"
#include "nn/losses.hpp"
#include "nn/progress.hpp"

namespace tunet::nn {

namespace {

// Rng streams: weights from (model seed, kInitStream); shuffling and dropout of
// epoch e from (fit seed, e * kStreamsPerEpoch + kind).
constexpr uint64_t kInitStream = 0x1417;
constexpr uint64_t kStreamsPerEpoch = 4;
constexpr uint64_t kShuffleStream = 1;
constexpr uint64_t kDropoutStream = 2;

// Each parameter starts on a 64-byte boundary of the block.
constexpr int64_t kAlignFloats = 16;

std::string snake_case(const std::string& type) {
  std::string out;
  for (size_t i = 0; i < type.size(); ++i) {
    const char c = type[i];
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (i > 0 && std::islower(static_cast<unsigned char>(type[i - 1]))) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

// Rows [begin, end) of a tensor whose first axis is the sample axis, as a view.
Tensor rows(const Tensor& t, int64_t begin, int64_t end) {
  Shape shape = t.shape();
  const int64_t per_row = t.numel() / std::max<int64_t>(shape[0], 1);
  shape[0] = end - begin;
  return Tensor::view_of(t.storage(), t.offset() + static_cast<size_t>(begin * per_row), shape);
}

// Inference pieces of rows [0, n) in batches of batch_size: the batches when
// there are at least kMinPieces of them, otherwise every batch cut into shares
// (never below kMinPieceRows rows) to make about kMinPieces. Each piece runs
// the whole network on one thread with one-thread kernels (an OpenMP region
// inside another runs on one thread): one fork per call instead of several per
// layer. The pieces depend on the sizes only, never on the thread count, so
// predictions and scores are the same bits on any number of threads.
constexpr int64_t kMinPieceRows = 64;
constexpr int64_t kMinPieces = 16;

struct Piece {
  int64_t lo, hi;
};

// Rows [0, n) in batches of batch_size, one piece each (a device runs them in turn).
std::vector<Piece> batches(int64_t n, int64_t batch_size) {
  std::vector<Piece> pieces;
  for (int64_t begin = 0; begin < n; begin += batch_size) pieces.push_back({begin, std::min(n, begin + batch_size)});
  return pieces;
}

std::vector<Piece> inference_pieces(int64_t n, int64_t batch_size) {
  const int64_t batches = (n + batch_size - 1) / batch_size;
  const int64_t shares = std::clamp<int64_t>((kMinPieces + batches - 1) / batches, 1,
                                              std::max<int64_t>(1, std::min(n, batch_size) / kMinPieceRows));
  std::vector<Piece> pieces;
  for (int64_t begin = 0; begin < n; begin += batch_size) {
    const int64_t count = std::min(n, begin + batch_size) - begin;
    for (int64_t s = 0; s < shares; ++s)
      pieces.push_back({begin + count * s / shares, begin + count * (s + 1) / shares});
  }
  return pieces;
}

// Copies samples order[begin, end) of `source` (a CPU tensor) to dst.
void gather(const Tensor& source, const std::vector<int64_t>& order, int64_t begin, int64_t end, float* dst) {
  gather_rows(source.data(), source.numel() / source.dim(0), order.data() + begin, end - begin, dst);
}

// Where a training batch is assembled: x and y side by side in one host block,
// and (for a model on a device) its copy there, so that a step uploads once.
// Reallocated only when the batch size changes (the last, shorter batch).
class BatchStage {
 public:
  BatchStage(const Tensor& x, const Tensor& y, Device device) : x_(x), y_(y), device_(device) {}

  // The batch of samples order[begin, end) on the model's device.
  void load(const std::vector<int64_t>& order, int64_t begin, int64_t end) {
    const int64_t rows = end - begin;
    if (rows != rows_) allocate(rows);
    gather(x_, order, begin, end, host_.data());
    gather(y_, order, begin, end, host_.data() + x_count_);
    if (!device_.is_cpu()) on_device_.copy_from(host_);
  }
  const Tensor& x() const { return xb_; }
  const Tensor& y() const { return yb_; }

 private:
  void allocate(int64_t rows) {
    rows_ = rows;
    Shape xs = x_.shape(), ys = y_.shape();
    xs[0] = ys[0] = rows;
    x_count_ = shape_numel(xs);
    host_ = Tensor::empty({x_count_ + shape_numel(ys)});
    const Tensor& block = device_.is_cpu() ? host_ : (on_device_ = Tensor::empty(host_.shape(), device_));
    xb_ = Tensor::view_of(block.storage(), 0, xs);
    yb_ = Tensor::view_of(block.storage(), static_cast<size_t>(x_count_), ys);
  }

  Tensor x_, y_;
  Device device_;
  int64_t rows_ = -1, x_count_ = 0;
  Tensor host_, on_device_, xb_, yb_;
};

enum class LabelKind { Categorical, Sparse, Binary, Regression };

LabelKind label_kind(const std::string& name) {
  const LossFunction f = loss_function(name);
  if (f == &sparse_categorical_crossentropy) return LabelKind::Sparse;
  if (f == &categorical_crossentropy) return LabelKind::Categorical;
  if (f == &binary_crossentropy) return LabelKind::Binary;
  return LabelKind::Regression;
}

// The loss as the core ops name it (count_correct reads its label format).
tunet::LossKind core_loss_kind(LabelKind kind) {
  switch (kind) {
    case LabelKind::Sparse: return tunet::LossKind::SparseCategoricalCrossentropy;
    case LabelKind::Categorical: return tunet::LossKind::CategoricalCrossentropy;
    case LabelKind::Binary: return tunet::LossKind::BinaryCrossentropy;
    case LabelKind::Regression: return tunet::LossKind::MeanSquaredError;
  }
  return tunet::LossKind::MeanSquaredError;
}

}  // namespace

Sequential::Sequential(Shape input_shape, uint64_t seed)
    : input_shape_(std::move(input_shape)), seed_(seed) {
  check(!input_shape_.empty() &&
            std::all_of(input_shape_.begin(), input_shape_.end(), [](int64_t d) { return d > 0; }),
        "Sequential: input_shape must be one sample's non-empty shape with positive extents, got " +
            shape_str(input_shape_));
}

Sequential::Sequential(Sequential&&) noexcept = default;
Sequential& Sequential::operator=(Sequential&&) noexcept = default;
Sequential::~Sequential() = default;

Sequential& Sequential::add(std::unique_ptr<Layer> layer) {
  check(layer != nullptr, "Sequential.add: null layer");
  check(!parameters_.defined(),
        "Sequential.add: the model already holds its parameters (it was compiled or used); "
        "add every layer before compile()");
  const Shape in = layers_.empty() ? input_shape_ : layers_.back()->output_shape();
  if (layer->name().empty()) {
    // Keras's naming: dense, dense_1, dense_2, ...
    const std::string base = snake_case(layer->type());
    int same = 0;
    for (const auto& l : layers_)
      if (l->name() == base || l->name().rfind(base + "_", 0) == 0) ++same;
    layer->set_name(same == 0 ? base : base + "_" + std::to_string(same));
  }
  for (const auto& l : layers_)
    check(l->name() != layer->name(),
          "Sequential.add: a layer named '" + layer->name() + "' is already in the model");
  try {
    layer->build(in);
  } catch (const Error& e) {
    throw Error("Sequential.add: layer " + std::to_string(layers_.size()) + " '" + layer->name() +
                "' (" + layer->type() + ") cannot take input " + shape_str(in) + ": " + e.what());
  }
  layers_.push_back(std::move(layer));
  return *this;
}

Shape Sequential::output_shape() const {
  return layers_.empty() ? input_shape_ : layers_.back()->output_shape();
}

int64_t Sequential::count_params() const {
  int64_t count = 0;
  for (const auto& layer : layers_)
    for (const auto& spec : layer->parameter_specs()) count += shape_numel(spec.shape);
  return count;
}

void Sequential::ensure_built() {
  if (parameters_.defined()) return;
  check(!layers_.empty(), "Sequential: the model has no layers; add() some first");
  specs_.clear();
  spec_layer_.clear();
  offsets_.clear();
  int64_t total = 0;
  for (size_t i = 0; i < layers_.size(); ++i) {
    for (auto& spec : layers_[i]->parameter_specs()) {
      offsets_.push_back(static_cast<size_t>(total));
      total += (shape_numel(spec.shape) + kAlignFloats - 1) / kAlignFloats * kAlignFloats;
      specs_.push_back(std::move(spec));
      spec_layer_.push_back(i);
    }
  }
  Tensor parameters = Tensor::zeros({std::max<int64_t>(total, 1)});  // the padding stays 0
  const Rng init(seed_, kInitStream);
  for (size_t i = 0; i < specs_.size(); ++i) {
    Tensor p = Tensor::view_of(parameters.storage(), offsets_[i], specs_[i].shape);
    Rng rng = init.derive(i);
    initialize(p, specs_[i], rng);
  }
  bind_blocks(parameters, Tensor::zeros(parameters.shape()));
}

// Every parameter becomes a view of `parameters` (its gradient a view of
// `gradients`), and each layer is bound to its own.
void Sequential::bind_blocks(Tensor parameters, Tensor gradients) {
  std::vector<Tensor> views;
  size_t next = 0;
  for (size_t i = 0; i < layers_.size(); ++i) {
    std::vector<Tensor> own;
    for (; next < specs_.size() && spec_layer_[next] == i; ++next) {
      Tensor p = Tensor::view_of(parameters.storage(), offsets_[next], specs_[next].shape);
      p.requires_grad_(true);
      p.set_grad(Tensor::view_of(gradients.storage(), offsets_[next], specs_[next].shape));
      own.push_back(p);
      views.push_back(p);
    }
    layers_[i]->bind(own);
  }
  parameters_ = std::move(parameters);
  gradients_ = std::move(gradients);
  parameter_views_ = std::move(views);
}

Sequential& Sequential::to(Device device) {
  ensure_built();
  if (device == device_) return *this;
  std::string why;
  check(device_available(device, &why), "Sequential.to: " + device.str() + " cannot be used: " + why);
  bind_blocks(parameters_.to(device), Tensor::zeros(parameters_.shape(), device));
  if (optimizer_) optimizer_->to(device);
  device_ = device;
  return *this;
}

std::span<float> Sequential::weights() {
  ensure_built();
  check(device_.is_cpu(), "Sequential.weights: the model is on " + device_.str() +
                              "; use get_weights() / set_weights(), which copy from and to any device");
  return {parameters_.data(), static_cast<size_t>(parameters_.numel())};
}

std::vector<float> Sequential::get_weights() {
  ensure_built();
  return parameters_.to_vector();
}

void Sequential::set_weights(std::span<const float> values) {
  ensure_built();
  check(static_cast<int64_t>(values.size()) == parameters_.numel(),
        "Sequential.set_weights: " + std::to_string(values.size()) + " values for a parameter block of " +
            std::to_string(parameters_.numel()));
  parameters_.copy_from(Tensor::from({parameters_.numel()}, values));
}

void Sequential::compile(const Optimizer& optimizer, const std::string& loss,
                         std::vector<std::string> metrics) {
  loss_function(loss);  // Error for an unknown name
  for (const auto& m : metrics)
    check(m == "accuracy" || m == "acc",
          "Sequential.compile: unknown metric '" + m + "' (valid: accuracy, acc)");
  ensure_built();
  optimizer_ = optimizer.clone();
  optimizer_->reset_state();
  loss_ = loss;
  metrics_ = std::move(metrics);
}

void Sequential::stop_training(std::string reason) {
  stop_requested_ = true;
  stop_reason_ = std::move(reason);
}

bool Sequential::fused_loss() const {
  const LayerConfig config = layers_.back()->config();
  const auto it = config.find("activation");
  return it != config.end() && loss_fuses_with(loss_, it->second);
}

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

Tensor Sequential::forward(const Tensor& x, bool training, bool logits, Rng* rng) {
  ForwardContext ctx;
  ctx.training = training;
  ctx.rng = rng;
  Tensor h = x;
  for (size_t i = 0; i < layers_.size(); ++i) {
    ctx.output_logits = logits && i + 1 == layers_.size();
    h = layers_[i]->forward(h, ctx);
  }
  return h;
}

Tensor Sequential::loss_of(const Tensor& output, const Tensor& y, bool logits) const {
  return logits ? loss_from_logits(loss_, output, y) : loss(loss_, output, y);
}

// The batch's mean loss and, with metrics, its number of correct predictions
// (count_correct: argmax match for class outputs, the fraction of thresholded
// elements that match for binary ones), brought to the host in one copy.
BatchMeasure Sequential::measure(const Tensor& loss, const Tensor& output, const Tensor& y, bool logits) const {
  NoGradGuard no_grad;
  if (metrics_.empty()) return {loss.item(), 0.0};
  const Tensor correct = count_correct(core_loss_kind(label_kind(loss_)), output, y, logits);
  const std::vector<float> both = concat({loss.detach().reshape({1}), correct.reshape({1})}, 0).to_vector();
  return {both[0], both[1]};
}

// On the CPU the threads take whole pieces (inference_pieces); on a device the
// batches run one after the other, each uploaded and measured in one copy.
Logs Sequential::evaluate_batches(const Tensor& x, const Tensor& y, int64_t batch_size) {
  const bool logits = fused_loss();
  const int64_t n = x.dim(0);
  const std::vector<Piece> pieces =
      device_.is_cpu() ? inference_pieces(n, batch_size) : batches(n, batch_size);
  std::vector<BatchMeasure> measured(pieces.size());
  auto run = [&](int64_t i) {
    NoGradGuard no_grad;  // per thread: the flag is thread-local
    const Piece piece = pieces[size_t(i)];
    const Tensor xb = rows(x, piece.lo, piece.hi).to(device_);
    const Tensor yb = rows(y, piece.lo, piece.hi).to(device_);
    const Tensor out = forward(xb, false, logits, nullptr);
    measured[size_t(i)] = measure(loss_of(out, yb, logits), out, yb, logits);
  };
  if (device_.is_cpu())
    parallel_for_each(int64_t(pieces.size()), run);
  else
    for (int64_t i = 0; i < int64_t(pieces.size()); ++i) run(i);
  double loss_sum = 0, correct = 0;
  for (size_t i = 0; i < pieces.size(); ++i) {  // in order: the same sums every run
    loss_sum += measured[i].loss * double(pieces[i].hi - pieces[i].lo);
    correct += measured[i].correct;
  }
  Logs logs{{"loss", loss_sum / double(n)}};
  for (const auto& m : metrics_) logs[m] = correct / double(n);
  return logs;
}

Logs Sequential::evaluate(const Tensor& x, const Tensor& y, int64_t batch_size) {
  check(compiled(), "Sequential.evaluate: compile() the model first");
  check(batch_size > 0, "Sequential.evaluate: batch_size must be > 0, got " + std::to_string(batch_size));
  check_inputs("evaluate", x, &y);
  return evaluate_batches(x, y, batch_size);
}

Tensor Sequential::predict(const Tensor& x, int64_t batch_size) {
  check(batch_size > 0, "Sequential.predict: batch_size must be > 0, got " + std::to_string(batch_size));
  ensure_built();
  check_inputs("predict", x, nullptr);
  const int64_t n = x.dim(0);
  Shape shape = output_shape();
  shape.insert(shape.begin(), n);
  Tensor result = Tensor::empty(shape);
  const std::vector<Piece> pieces =
      device_.is_cpu() ? inference_pieces(n, batch_size) : batches(n, batch_size);
  auto run = [&](int64_t i) {
    NoGradGuard no_grad;
    const Piece piece = pieces[size_t(i)];
    Tensor destination = rows(result, piece.lo, piece.hi);
    destination.copy_from(forward(rows(x, piece.lo, piece.hi).to(device_), false, false, nullptr));
  };
  if (device_.is_cpu())
    parallel_for_each(int64_t(pieces.size()), run);
  else
    for (int64_t i = 0; i < int64_t(pieces.size()); ++i) run(i);
  return result;
}

History Sequential::fit(const Tensor& x, const Tensor& y, const FitOptions& options) {
  check(compiled(), "Sequential.fit: compile() the model first");
  check(options.batch_size > 0,
        "Sequential.fit: batch_size must be > 0, got " + std::to_string(options.batch_size));
  check(options.initial_epoch >= 0 && options.epochs >= 0,
        "Sequential.fit: epochs and initial_epoch must be >= 0");
  check(options.validation_split >= 0 && options.validation_split < 1,
        "Sequential.fit: validation_split must be in [0, 1), got " +
            std::to_string(options.validation_split));
  check_inputs("fit", x, &y);

  Tensor train_x = x, train_y = y, val_x, val_y;
  if (options.validation_data.x.defined() || options.validation_data.y.defined()) {
    check_inputs("fit (validation_data)", options.validation_data.x, &options.validation_data.y);
    val_x = options.validation_data.x;
    val_y = options.validation_data.y;
  } else if (options.validation_split > 0) {
    // Keras: the last fraction of the samples, taken before any shuffling.
    const int64_t n = x.dim(0);
    const auto split_at = static_cast<int64_t>(double(n) * (1.0 - options.validation_split));
    check(split_at > 0 && split_at < n, "Sequential.fit: validation_split " +
                                            std::to_string(options.validation_split) + " of " +
                                            std::to_string(n) + " samples leaves a side empty");
    train_x = rows(x, 0, split_at);
    train_y = rows(y, 0, split_at);
    val_x = rows(x, split_at, n);
    val_y = rows(y, split_at, n);
  }

  const int64_t n = train_x.dim(0);
  const int64_t steps = (n + options.batch_size - 1) / options.batch_size;
  const uint64_t fit_seed = options.seed.value_or(seed_);
  const bool logits = fused_loss();

  History history;
  stop_requested_ = false;
  stop_reason_.clear();
  Progress progress(options.verbose);
  for (const auto& cb : options.callbacks) cb->on_train_begin(*this);

  std::vector<int64_t> order(static_cast<size_t>(n));
  BatchStage batch(train_x, train_y, device_);
  Logs epoch_logs;
  for (int epoch = options.initial_epoch; epoch < options.epochs && !stop_requested_; ++epoch) {
    for (const auto& cb : options.callbacks) cb->on_epoch_begin(epoch, *this);
    progress.begin_epoch(epoch, options.epochs, steps);
    std::iota(order.begin(), order.end(), int64_t{0});
    const uint64_t stream = static_cast<uint64_t>(epoch) * kStreamsPerEpoch;
    if (options.shuffle) {
      Rng shuffle(fit_seed, stream + kShuffleStream);
      for (int64_t i = n - 1; i > 0; --i)  // Fisher-Yates
        std::swap(order[i], order[shuffle.below(static_cast<uint64_t>(i) + 1)]);
    }
    Rng dropout(fit_seed, stream + kDropoutStream);

    double loss_sum = 0, correct = 0;
    int64_t seen = 0;
    bool epoch_done = true;
    Logs batch_logs;
    for (int64_t step = 0; step < steps; ++step) {
      const int64_t begin = step * options.batch_size;
      const int64_t end = std::min(n, begin + options.batch_size);
      batch.load(order, begin, end);
      gradients_.fill(0.0f);

      const Tensor out = forward(batch.x(), true, logits, &dropout);
      const Tensor loss = loss_of(out, batch.y(), logits);
      const BatchMeasure measured = measure(loss, out, batch.y(), logits);
      const double value = measured.loss;
      const int64_t count = end - begin;
      seen += count;
      loss_sum += value * double(count);
      correct += measured.correct;
      batch_logs["loss"] = loss_sum / double(seen);
      for (const auto& m : metrics_) batch_logs[m] = correct / double(seen);

      if (!std::isfinite(value)) {
        // The update of this batch is not applied: the weights stay finite.
        const std::string what = "loss is " + std::to_string(value) + " at epoch " +
                                 std::to_string(epoch + 1) + ", batch " + std::to_string(step + 1);
        for (const auto& cb : options.callbacks) cb->on_batch_end(static_cast<int>(step), batch_logs, *this);
        if (!stop_requested_)
          throw Error("Sequential.fit: " + what +
                      " (lower the learning rate, or add a TerminateOnNaN callback to stop cleanly)");
        epoch_done = false;
        break;
      }
      loss.backward();
      optimizer_->step(parameters_, gradients_);
      progress.update(step + 1, batch_logs);
      for (const auto& cb : options.callbacks) cb->on_batch_end(static_cast<int>(step), batch_logs, *this);
      if (stop_requested_ && step + 1 < steps) {
        epoch_done = false;
        break;
      }
    }
    if (!epoch_done) break;

    epoch_logs = batch_logs;
    if (val_x.defined()) {
      for (const auto& [name, value] : evaluate_batches(val_x, val_y, options.batch_size))
        epoch_logs["val_" + name] = value;
    }
    epochs_trained_ = epoch + 1;
    history.epochs.push_back(epoch);
    for (const auto& [name, value] : epoch_logs) history.history[name].push_back(value);
    progress.end_epoch(epoch_logs);
    for (const auto& cb : options.callbacks) cb->on_epoch_end(epoch, epoch_logs, *this);
  }
  for (const auto& cb : options.callbacks) cb->on_train_end(epoch_logs, *this);
  history.stop_reason = stop_reason_;
  return history;
}

}  // namespace tunet::nn
