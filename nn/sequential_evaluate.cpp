// Running a Sequential without training: the forward pass, the loss (from the
// logits when it fuses with the last activation), a batch's measure, and
// evaluate / predict over a data set in pieces the threads take whole.
#include "core/autograd.hpp"
#include "core/error.hpp"
#include "core/nn_ops.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"
#include "nn/batching.hpp"
#include "nn/label_kind.hpp"
#include "nn/losses.hpp"
#include "nn/sequential.hpp"

namespace tunet::nn {

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

}  // namespace tunet::nn
