#include "web/playground.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "datasets/splits.hpp"
#include "datasets/synthetic.hpp"
#include "nn/nn.hpp"

namespace tunet::web {

namespace {

datasets::Dataset make_data(const NetworkOptions& o) {
  if (o.dataset == "spirals")
    return datasets::two_spirals({.samples_per_class = o.samples_per_class, .noise = o.noise, .seed = o.seed});
  // Three clouds in [-1, 1]^2, as the spirals.
  return datasets::gaussian_blobs({.samples_per_class = o.samples_per_class, .classes = 3, .features = 2,
                                   .stddev = std::max(o.noise, 1e-3) * 4, .center_box = 0.7, .seed = o.seed});
}

void check_options(const NetworkOptions& o) {
  check(o.dataset == "spirals" || o.dataset == "blobs", "dataset: expected spirals or blobs, got '" + o.dataset + "'");
  check(o.samples_per_class >= 10 && o.samples_per_class <= 2000,
        "samples: expected 10 to 2000 per class, got " + std::to_string(o.samples_per_class));
  check(o.noise >= 0 && o.noise <= 1, "noise: expected a value in [0, 1], got " + std::to_string(o.noise));
  check(o.layers >= 1 && o.layers <= 6, "layers: expected 1 to 6, got " + std::to_string(o.layers));
  check(o.units >= 1 && o.units <= 256, "units: expected 1 to 256, got " + std::to_string(o.units));
  check(o.learning_rate > 0 && o.learning_rate <= 10,
        "learning rate: expected a value in (0, 10], got " + std::to_string(o.learning_rate));
  check(o.dropout >= 0 && o.dropout < 1, "dropout: expected a rate in [0, 1), got " + std::to_string(o.dropout));
  check(o.batch_size >= 1 && o.batch_size <= 4096, "batch size: expected 1 to 4096, got " + std::to_string(o.batch_size));
  check(o.validation_split > 0 && o.validation_split < 1,
        "validation: expected a fraction in (0, 1), got " + std::to_string(o.validation_split));
}

}  // namespace

NetworkSession::NetworkSession(const NetworkOptions& options) : options_(options) {
  check_options(options);
  const datasets::Dataset all = make_data(options);
  classes_ = all.num_classes;
  const datasets::TrainValidation parts = datasets::train_validation_split(all, options.validation_split, options.seed);
  x_ = parts.train.x;
  y_ = parts.train.y;
  val_x_ = parts.validation.x;
  val_y_ = parts.validation.y;
  const std::vector<float> xy = all.x.to_vector();
  box_ = {INFINITY, -INFINITY, INFINITY, -INFINITY};
  for (size_t i = 0; i < xy.size(); i += 2) {
    box_[0] = std::min<double>(box_[0], xy[i]), box_[1] = std::max<double>(box_[1], xy[i]);
    box_[2] = std::min<double>(box_[2], xy[i + 1]), box_[3] = std::max<double>(box_[3], xy[i + 1]);
  }
  const double margin = 0.1 * std::max(box_[1] - box_[0], box_[3] - box_[2]);
  box_ = {box_[0] - margin, box_[1] + margin, box_[2] - margin, box_[3] + margin};

  model_ = std::make_unique<nn::Sequential>(Shape{2}, options.seed);
  for (int l = 0; l < options.layers; ++l) {
    model_->add(nn::Dense(options.units, options.activation));
    if (options.dropout > 0) model_->add(nn::Dropout(options.dropout));
  }
  model_->add(nn::Dense(classes_, "softmax"));
  model_->compile(*nn::make_optimizer(options.optimizer, {{"learning_rate", options.learning_rate}}),
                  "sparse_categorical_crossentropy", {"accuracy"});
}

NetworkSession::~NetworkSession() = default;

Json NetworkSession::data() const {
  Json train = Json::array(), validation = Json::array();
  const auto add = [](Json& out, const Tensor& x, const Tensor& y) {
    const std::vector<float> xy = x.to_vector(), c = y.to_vector();
    for (size_t i = 0; i < c.size(); ++i) out.push_back({xy[2 * i], xy[2 * i + 1], static_cast<int>(c[i])});
  };
  add(train, x_, y_);
  add(validation, val_x_, val_y_);
  return {{"classes", classes_}, {"box", box_}, {"train", train}, {"validation", validation}};
}

Json NetworkSession::epoch() {
  // One epoch per call: its own shuffling and dropout seed, so the run is the
  // same whether the page calls it once per frame or a program in a loop.
  const nn::History h = model_->fit(x_, y_, {.epochs = epochs_ + 1, .batch_size = options_.batch_size,
                                             .validation_data = {val_x_, val_y_}, .initial_epoch = epochs_,
                                             .verbose = 0, .seed = options_.seed * 100003 + epochs_});
  ++epochs_;
  Json e = {{"epoch", epochs_}};
  for (const auto& [name, values] : h.history) e[name] = values.back();
  return e;
}

Json NetworkSession::boundary(int n) const {
  check(n >= 2 && n <= 200, "boundary: expected 2 to 200 points per side, got " + std::to_string(n));
  std::vector<float> grid;
  grid.reserve(static_cast<size_t>(2 * n * n));
  for (int j = 0; j < n; ++j)  // rows from y_low up, columns from x_low right
    for (int i = 0; i < n; ++i) {
      grid.push_back(static_cast<float>(box_[0] + (box_[1] - box_[0]) * (i + 0.5) / n));
      grid.push_back(static_cast<float>(box_[2] + (box_[3] - box_[2]) * (j + 0.5) / n));
    }
  const std::vector<float> p = model_->predict(Tensor::from({n * n, 2}, grid), 256).to_vector();
  Json cls = Json::array(), confidence = Json::array();
  for (int k = 0; k < n * n; ++k) {
    const float* row = p.data() + static_cast<size_t>(k) * classes_;
    const int c = static_cast<int>(std::max_element(row, row + classes_) - row);
    cls.push_back(c);
    confidence.push_back(row[c]);
  }
  return {{"n", n}, {"box", box_}, {"class", cls}, {"confidence", confidence}};
}

}  // namespace tunet::web
