// The optimizers' updates: each runs the shared driver loop with its
// per-element function from core/kernels/optimizer_updates.hpp; the
// step-dependent scalars are computed here once per step.
#include "nn/optimizers.hpp"

#include <cmath>
#include <string>
#include <type_traits>

#include "core/error.hpp"

namespace tunet::nn {

namespace {

void check_range(const std::string& optimizer, const char* name, double value, double low,
                 double high, bool low_open, bool high_open) {
  const bool above = low_open ? value > low : value >= low;
  const bool below = high_open ? value < high : value <= high;
  check(std::isfinite(value) && above && below,
        optimizer + ": " + name + " must be in " + (low_open ? "(" : "[") +
            std::to_string(low) + ", " + std::to_string(high) + (high_open ? ")" : "]") +
            ", got " + std::to_string(value));
}

void check_learning_rate(const std::string& optimizer, double lr) {
  check(std::isfinite(lr) && lr >= 0,
        optimizer + ": learning_rate must be >= 0, got " + std::to_string(lr));
}

void check_epsilon(const std::string& optimizer, double eps) {
  check(std::isfinite(eps) && eps > 0,
        optimizer + ": epsilon must be > 0, got " + std::to_string(eps));
}

template <class Config>
void add_clipping(OptimizerSettings& s, const Config& c) {
  s["clipnorm"] = c.clipnorm;
  s["clipvalue"] = c.clipvalue;
}

}  // namespace

// ---- SGD, Momentum, Nesterov ----

SGD::SGD(SGDConfig config) : Optimizer(config.clipnorm, config.clipvalue), config_(config) {
  check_learning_rate("SGD", config.learning_rate);
  check_range("SGD", "momentum", config.momentum, 0, 1, false, true);
  check(config.decay >= 0 && std::isfinite(config.decay),
        "SGD: decay must be >= 0, got " + std::to_string(config.decay));
  check(!config.nesterov || config.momentum > 0, "SGD: nesterov needs momentum > 0");
}

OptimizerSettings SGD::settings() const {
  OptimizerSettings s{{"learning_rate", config_.learning_rate},
                      {"momentum", config_.momentum},
                      {"nesterov", config_.nesterov ? 1.0 : 0.0},
                      {"decay", config_.decay}};
  add_clipping(s, config_);
  return s;
}

void SGD::update(const Step& step) {
  // lr_t = lr / (1 + decay * (t - 1))  (Keras 2: iterations counted before the update)
  const auto lr_t = static_cast<float>(config_.learning_rate /
                                       (1.0 + config_.decay * static_cast<double>(step.t - 1)));
  const auto mu = static_cast<float>(config_.momentum);
  float* p = step.parameters;
  if (config_.momentum == 0) {
    for_each_element(step, [=](int64_t i, float g) { kernels::sgd_update(p[i], g, lr_t); });
    return;
  }
  float* v = step.slot(0);
  if (config_.nesterov) {
    for_each_element(step,
                     [=](int64_t i, float g) { kernels::nesterov_update(p[i], v[i], g, lr_t, mu); });
  } else {
    for_each_element(step,
                     [=](int64_t i, float g) { kernels::momentum_update(p[i], v[i], g, lr_t, mu); });
  }
}

Momentum::Momentum(MomentumConfig c)
    : SGD({.learning_rate = c.learning_rate,
           .momentum = c.momentum,
           .nesterov = false,
           .decay = c.decay,
           .clipnorm = c.clipnorm,
           .clipvalue = c.clipvalue}) {
  check(c.momentum > 0, "Momentum: momentum must be > 0, got " + std::to_string(c.momentum));
}

OptimizerSettings Momentum::settings() const {
  OptimizerSettings s = SGD::settings();
  s.erase("nesterov");
  return s;
}

Nesterov::Nesterov(MomentumConfig c)
    : SGD({.learning_rate = c.learning_rate,
           .momentum = c.momentum,
           .nesterov = true,
           .decay = c.decay,
           .clipnorm = c.clipnorm,
           .clipvalue = c.clipvalue}) {}

OptimizerSettings Nesterov::settings() const {
  OptimizerSettings s = SGD::settings();
  s.erase("nesterov");
  return s;
}

// ---- Adagrad ----

Adagrad::Adagrad(AdagradConfig config)
    : Optimizer(config.clipnorm, config.clipvalue), config_(config) {
  check_learning_rate("Adagrad", config.learning_rate);
  check(config.initial_accumulator_value >= 0 && std::isfinite(config.initial_accumulator_value),
        "Adagrad: initial_accumulator_value must be >= 0, got " +
            std::to_string(config.initial_accumulator_value));
  check_epsilon("Adagrad", config.epsilon);
}

OptimizerSettings Adagrad::settings() const {
  OptimizerSettings s{{"learning_rate", config_.learning_rate},
                      {"initial_accumulator_value", config_.initial_accumulator_value},
                      {"epsilon", config_.epsilon}};
  add_clipping(s, config_);
  return s;
}

float Adagrad::initial_slot_value(int) const {
  return static_cast<float>(config_.initial_accumulator_value);
}

void Adagrad::update(const Step& step) {
  const auto lr = static_cast<float>(config_.learning_rate);
  const auto eps = static_cast<float>(config_.epsilon);
  float* p = step.parameters;
  float* s = step.slot(0);
  for_each_element(step, [=](int64_t i, float g) { kernels::adagrad_update(p[i], s[i], g, lr, eps); });
}

// ---- RMSprop ----

RMSprop::RMSprop(RMSpropConfig config)
    : Optimizer(config.clipnorm, config.clipvalue), config_(config) {
  check_learning_rate("RMSprop", config.learning_rate);
  check_range("RMSprop", "rho", config.rho, 0, 1, false, true);
  check_range("RMSprop", "momentum", config.momentum, 0, 1, false, true);
  check_epsilon("RMSprop", config.epsilon);
}

OptimizerSettings RMSprop::settings() const {
  OptimizerSettings s{{"learning_rate", config_.learning_rate},
                      {"rho", config_.rho},
                      {"momentum", config_.momentum},
                      {"epsilon", config_.epsilon},
                      {"centered", config_.centered ? 1.0 : 0.0}};
  add_clipping(s, config_);
  return s;
}

void RMSprop::update(const Step& step) {
  const auto lr = static_cast<float>(config_.learning_rate);
  const auto rho = static_cast<float>(config_.rho);
  const auto eps = static_cast<float>(config_.epsilon);
  const auto mu = static_cast<float>(config_.momentum);
  const bool centered = config_.centered;
  float* p = step.parameters;
  float* v = step.slot(0);
  int next = 1;
  float* a = centered ? step.slot(next++) : nullptr;
  float* b = mu > 0 ? step.slot(next++) : nullptr;
  // The flags become compile-time constants in each loop, so the plain variant
  // is a branch-free loop; unused slots are a local the kernel never touches.
  auto run = [&](auto is_centered, auto has_momentum) {
    for_each_element(step, [=](int64_t i, float g) {
      float unused = 0.0f;
      kernels::rmsprop_update(p[i], v[i], is_centered ? a[i] : unused, has_momentum ? b[i] : unused, g, lr, rho,
                              eps, has_momentum ? mu : 0.0f, is_centered);
    });
  };
  using std::false_type, std::true_type;
  if (centered && mu > 0) run(true_type{}, true_type{});
  else if (centered) run(true_type{}, false_type{});
  else if (mu > 0) run(false_type{}, true_type{});
  else run(false_type{}, false_type{});
}

// ---- Adam ----

Adam::Adam(AdamConfig config) : Optimizer(config.clipnorm, config.clipvalue), config_(config) {
  check_learning_rate("Adam", config.learning_rate);
  check_range("Adam", "beta_1", config.beta_1, 0, 1, false, true);
  check_range("Adam", "beta_2", config.beta_2, 0, 1, false, true);
  check_epsilon("Adam", config.epsilon);
}

OptimizerSettings Adam::settings() const {
  OptimizerSettings s{{"learning_rate", config_.learning_rate},
                      {"beta_1", config_.beta_1},
                      {"beta_2", config_.beta_2},
                      {"epsilon", config_.epsilon},
                      {"amsgrad", config_.amsgrad ? 1.0 : 0.0}};
  add_clipping(s, config_);
  return s;
}

void Adam::update(const Step& step) {
  const auto t = static_cast<double>(step.t);
  // Bias corrections 1 - b^t, once per step.
  const auto bc1 = static_cast<float>(1.0 - std::pow(config_.beta_1, t));
  const auto bc2 = static_cast<float>(1.0 - std::pow(config_.beta_2, t));
  const auto lr = static_cast<float>(config_.learning_rate);
  const auto b1 = static_cast<float>(config_.beta_1);
  const auto b2 = static_cast<float>(config_.beta_2);
  const auto eps = static_cast<float>(config_.epsilon);
  const bool amsgrad = config_.amsgrad;
  float* p = step.parameters;
  float* m = step.slot(0);
  float* v = step.slot(1);
  if (amsgrad) {
    float* vmax = step.slot(2);
    for_each_element(step, [=](int64_t i, float g) {
      kernels::adam_update(p[i], m[i], v[i], vmax[i], g, lr, b1, b2, eps, bc1, bc2, true);
    });
  } else {
    for_each_element(step, [=](int64_t i, float g) {
      float unused = 0.0f;  // no vmax slot: the kernel does not touch it
      kernels::adam_update(p[i], m[i], v[i], unused, g, lr, b1, b2, eps, bc1, bc2, false);
    });
  }
}

// ---- Nadam ----

Nadam::Nadam(NadamConfig config) : Optimizer(config.clipnorm, config.clipvalue), config_(config) {
  check_learning_rate("Nadam", config.learning_rate);
  check_range("Nadam", "beta_1", config.beta_1, 0, 1, false, true);
  check_range("Nadam", "beta_2", config.beta_2, 0, 1, false, true);
  check_epsilon("Nadam", config.epsilon);
}

OptimizerSettings Nadam::settings() const {
  OptimizerSettings s{{"learning_rate", config_.learning_rate},
                      {"beta_1", config_.beta_1},
                      {"beta_2", config_.beta_2},
                      {"epsilon", config_.epsilon}};
  add_clipping(s, config_);
  return s;
}

void Nadam::update(const Step& step) {
  // Dozat's schedule mu_t = b1 (1 - 0.5 * 0.96^(0.004 t)); P_t = prod_{i<=t} mu_i.
  const double b1 = config_.beta_1;
  auto mu = [b1](double i) { return b1 * (1.0 - 0.5 * std::pow(0.96, 0.004 * i)); };
  if (product_t_ != step.t - 1) {  // a loaded checkpoint or reset state: rebuild the product
    product_t_ = 0;
    product_ = 1.0;
  }
  while (product_t_ < step.t) product_ *= mu(static_cast<double>(++product_t_));
  const double t = static_cast<double>(step.t);
  const double mu_t = mu(t);
  const double mu_next = mu(t + 1);
  const double lr = config_.learning_rate;
  const auto coef_g = static_cast<float>(lr * (1.0 - mu_t) / (1.0 - product_));
  const auto coef_m = static_cast<float>(lr * mu_next / (1.0 - product_ * mu_next));
  const auto bc2 = static_cast<float>(1.0 - std::pow(config_.beta_2, t));
  const auto b1f = static_cast<float>(config_.beta_1);
  const auto b2f = static_cast<float>(config_.beta_2);
  const auto eps = static_cast<float>(config_.epsilon);
  float* p = step.parameters;
  float* m = step.slot(0);
  float* v = step.slot(1);
  for_each_element(step, [=](int64_t i, float g) {
    kernels::nadam_update(p[i], m[i], v[i], g, b1f, b2f, eps, bc2, coef_g, coef_m);
  });
}

// ---- Adadelta ----

Adadelta::Adadelta(AdadeltaConfig config)
    : Optimizer(config.clipnorm, config.clipvalue), config_(config) {
  check_learning_rate("Adadelta", config.learning_rate);
  check_range("Adadelta", "rho", config.rho, 0, 1, false, false);
  check_epsilon("Adadelta", config.epsilon);
}

OptimizerSettings Adadelta::settings() const {
  OptimizerSettings s{{"learning_rate", config_.learning_rate},
                      {"rho", config_.rho},
                      {"epsilon", config_.epsilon}};
  add_clipping(s, config_);
  return s;
}

void Adadelta::update(const Step& step) {
  const auto lr = static_cast<float>(config_.learning_rate);
  const auto rho = static_cast<float>(config_.rho);
  const auto eps = static_cast<float>(config_.epsilon);
  float* p = step.parameters;
  float* v = step.slot(0);
  float* u = step.slot(1);
  for_each_element(step, [=](int64_t i, float g) {
    kernels::adadelta_update(p[i], v[i], u[i], g, lr, rho, eps);
  });
}

// ---- Lion ----

Lion::Lion(LionConfig config) : Optimizer(config.clipnorm, config.clipvalue), config_(config) {
  check_learning_rate("Lion", config.learning_rate);
  check_range("Lion", "beta_1", config.beta_1, 0, 1, false, false);
  check_range("Lion", "beta_2", config.beta_2, 0, 1, false, false);
  check(config.weight_decay >= 0 && std::isfinite(config.weight_decay),
        "Lion: weight_decay must be >= 0, got " + std::to_string(config.weight_decay));
}

OptimizerSettings Lion::settings() const {
  OptimizerSettings s{{"learning_rate", config_.learning_rate},
                      {"beta_1", config_.beta_1},
                      {"beta_2", config_.beta_2},
                      {"weight_decay", config_.weight_decay}};
  add_clipping(s, config_);
  return s;
}

void Lion::update(const Step& step) {
  const auto lr = static_cast<float>(config_.learning_rate);
  const auto b1 = static_cast<float>(config_.beta_1);
  const auto b2 = static_cast<float>(config_.beta_2);
  const auto wd = static_cast<float>(config_.weight_decay);
  float* p = step.parameters;
  float* m = step.slot(0);
  for_each_element(step, [=](int64_t i, float g) { kernels::lion_update(p[i], m[i], g, lr, b1, b2, wd); });
}

}  // namespace tunet::nn
