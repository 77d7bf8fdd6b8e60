// Sequential as a container: layers added and named, the one parameter block
// (and its gradient block) laid out, initialised from the model seed and bound
// to the layers as views, moved between devices, compiled with an optimizer.
// The input checks are in sequential_inputs.cpp, evaluate / predict in
// sequential_evaluate.cpp, fit in sequential_fit.cpp (its loop in
// fit_loop.cpp), summary() in sequential_summary.cpp, save / load in
// sequential_file.cpp.
#include "nn/sequential.hpp"

#include <algorithm>
#include <cctype>

#include "core/backend.hpp"
#include "core/error.hpp"
#include "nn/initializers.hpp"
#include "nn/losses.hpp"

namespace tunet::nn {

namespace {

// Weights come from (model seed, kInitStream); fit_loop.cpp draws shuffling
// and dropout from the fit seed's other streams.
constexpr uint64_t kInitStream = 0x1417;

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

}  // namespace tunet::nn
