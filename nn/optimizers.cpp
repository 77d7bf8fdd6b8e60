// Every optimizer's table: its settings (Keras names, valid ranges, meanings)
// and the scalars of its update at step t, computed once per step on the host
// (the formulas are in nn/optimizers.hpp). Below them, the functions that find
// an optimizer's table by its config or its name.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

#include "nn/optimizer_table.hpp"

namespace tunet::nn {

std::string shortest_number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string range_text(const SettingRange& range) {
  if (std::isinf(range.high)) return (range.low_open ? "> " : ">= ") + shortest_number(range.low);
  return (range.low_open ? "(" : "[") + shortest_number(range.low) + ", " + shortest_number(range.high) +
         (range.high_open ? ")" : "]");
}

namespace {

template <class Config>
const OptimizerTable<Config>& table();

float to_float(double x) { return static_cast<float>(x); }

// SGD and its two named forms. lr_t = lr / (1 + decay * (t - 1)) (Keras 2:
// iterations counted before the update).
UpdatePlan sgd_plan(OptimizerKind kind, double lr, double momentum, double decay, int64_t t) {
  const double lr_t = lr / (1.0 + decay * static_cast<double>(t - 1));
  return {kind, {.learning_rate = to_float(lr_t), .momentum = to_float(momentum)}};
}

constexpr const char* kLearningRate = "step size";
constexpr const char* kDecay = "learning-rate decay: lr_t = learning_rate / (1 + decay (t-1)) (Keras 2)";

template <>
const OptimizerTable<SGD>& table<SGD>() {
  static const OptimizerTable<SGD> t{
      .name = "SGD",
      .summary = "Stochastic gradient descent, with optional (Nesterov) momentum and Keras 2's learning-rate decay.",
      .settings = with_clipping<SGD>({
          {"learning_rate", &SGD::learning_rate, kLearningRate, kNonNegative},
          {"momentum", &SGD::momentum, "v = momentum v - lr_t g, p += v; 0: plain SGD", kUnitHalfOpen},
          {"nesterov", &SGD::nesterov, "Nesterov momentum: p += momentum v - lr_t g (needs momentum > 0)"},
          {"decay", &SGD::decay, kDecay, kNonNegative},
      }),
      .plan = [](const SGD& c, int64_t step, RunningProduct&) {
        const OptimizerKind kind = c.momentum == 0 ? OptimizerKind::SGD
                                   : c.nesterov    ? OptimizerKind::Nesterov
                                                   : OptimizerKind::Momentum;
        return sgd_plan(kind, c.learning_rate, c.momentum, c.decay, step);
      },
      .check = [](const SGD& c) { check(!c.nesterov || c.momentum > 0, "SGD: nesterov needs momentum > 0"); },
  };
  return t;
}

template <>
const OptimizerTable<Momentum>& table<Momentum>() {
  static const OptimizerTable<Momentum> t{
      .name = "Momentum",
      .summary = "SGD with momentum (Polyak 1964).",
      .settings = with_clipping<Momentum>({
          {"learning_rate", &Momentum::learning_rate, kLearningRate, kNonNegative},
          {"momentum", &Momentum::momentum, "v = momentum v - lr_t g, p += v", kUnitOpen},
          {"decay", &Momentum::decay, kDecay, kNonNegative},
      }),
      .plan = [](const Momentum& c, int64_t step, RunningProduct&) {
        return sgd_plan(OptimizerKind::Momentum, c.learning_rate, c.momentum, c.decay, step);
      },
  };
  return t;
}

template <>
const OptimizerTable<Nesterov>& table<Nesterov>() {
  static const OptimizerTable<Nesterov> t{
      .name = "Nesterov",
      .summary = "SGD with Nesterov momentum (Nesterov 1983, in the form of Sutskever et al. 2013).",
      .settings = with_clipping<Nesterov>({
          {"learning_rate", &Nesterov::learning_rate, kLearningRate, kNonNegative},
          {"momentum", &Nesterov::momentum, "v = momentum v - lr_t g, p += momentum v - lr_t g", kUnitOpen},
          {"decay", &Nesterov::decay, kDecay, kNonNegative},
      }),
      .plan = [](const Nesterov& c, int64_t step, RunningProduct&) {
        return sgd_plan(OptimizerKind::Nesterov, c.learning_rate, c.momentum, c.decay, step);
      },
  };
  return t;
}

template <>
const OptimizerTable<Adagrad>& table<Adagrad>() {
  static const OptimizerTable<Adagrad> t{
      .name = "Adagrad",
      .summary = "Per-parameter step sizes from the sum of squared gradients (Duchi et al. 2011).",
      .settings = with_clipping<Adagrad>({
          {"learning_rate", &Adagrad::learning_rate, kLearningRate, kNonNegative},
          {"initial_accumulator_value", &Adagrad::initial_accumulator_value,
           "starting value of the sum of squared gradients s", kNonNegative},
          {"epsilon", &Adagrad::epsilon, "added to sqrt(s) in the denominator", kPositive},
      }),
      .plan = [](const Adagrad& c, int64_t, RunningProduct&) {
        return UpdatePlan{OptimizerKind::Adagrad,
                          {.learning_rate = to_float(c.learning_rate), .epsilon = to_float(c.epsilon)}};
      },
      .first_slot_start = &Adagrad::initial_accumulator_value,
  };
  return t;
}

template <>
const OptimizerTable<RMSprop>& table<RMSprop>() {
  static const OptimizerTable<RMSprop> t{
      .name = "RMSprop",
      .summary = "Step sizes from a running mean of squared gradients (Hinton 2012), optionally centered "
                 "(Graves 2013) and with momentum.",
      .settings = with_clipping<RMSprop>({
          {"learning_rate", &RMSprop::learning_rate, kLearningRate, kNonNegative},
          {"rho", &RMSprop::rho, "decay rate of the mean of squared gradients v", kUnitHalfOpen},
          {"momentum", &RMSprop::momentum, "b = momentum b + step, p -= b; 0: no momentum", kUnitHalfOpen},
          {"epsilon", &RMSprop::epsilon, "added to sqrt(d) in the denominator", kPositive},
          {"centered", &RMSprop::centered, "divide by the estimated variance d = v - a^2 instead of v"},
      }),
      .plan = [](const RMSprop& c, int64_t, RunningProduct&) {
        return UpdatePlan{OptimizerKind::RMSprop,
                          {.learning_rate = to_float(c.learning_rate),
                           .epsilon = to_float(c.epsilon),
                           .rho = to_float(c.rho),
                           .momentum = to_float(c.momentum),
                           .centered = c.centered}};
      },
  };
  return t;
}

template <>
const OptimizerTable<Adam>& table<Adam>() {
  static const OptimizerTable<Adam> t{
      .name = "Adam",
      .summary = "Bias-corrected estimates of the gradient's first and second moments (Kingma & Ba 2015), "
                 "with the AMSGrad variant (Reddi et al. 2018).",
      .settings = with_clipping<Adam>({
          {"learning_rate", &Adam::learning_rate, kLearningRate, kNonNegative},
          {"beta_1", &Adam::beta_1, "decay rate of the first-moment (mean) estimate m", kUnitHalfOpen},
          {"beta_2", &Adam::beta_2, "decay rate of the second-moment estimate v", kUnitHalfOpen},
          {"epsilon", &Adam::epsilon, "added to sqrt(v / (1 - beta_2^t)) in the denominator", kPositive},
          {"amsgrad", &Adam::amsgrad, "AMSGrad: divide by the running maximum of v"},
      }),
      .plan = [](const Adam& c, int64_t step, RunningProduct&) {
        // Bias corrections 1 - b^t, once per step.
        const auto t = static_cast<double>(step);
        return UpdatePlan{OptimizerKind::Adam,
                          {.learning_rate = to_float(c.learning_rate),
                           .beta_1 = to_float(c.beta_1),
                           .beta_2 = to_float(c.beta_2),
                           .epsilon = to_float(c.epsilon),
                           .bias_correction_1 = to_float(1.0 - std::pow(c.beta_1, t)),
                           .bias_correction_2 = to_float(1.0 - std::pow(c.beta_2, t)),
                           .amsgrad = c.amsgrad}};
      },
  };
  return t;
}

template <>
const OptimizerTable<Nadam>& table<Nadam>() {
  static const OptimizerTable<Nadam> t{
      .name = "Nadam",
      .summary = "Adam with Nesterov momentum and Dozat's momentum schedule (Dozat 2016).",
      .settings = with_clipping<Nadam>({
          {"learning_rate", &Nadam::learning_rate, kLearningRate, kNonNegative},
          {"beta_1", &Nadam::beta_1, "momentum, scheduled as mu_t = beta_1 (1 - 0.5 * 0.96^(0.004 t))",
           kUnitHalfOpen},
          {"beta_2", &Nadam::beta_2, "decay rate of the second-moment estimate v", kUnitHalfOpen},
          {"epsilon", &Nadam::epsilon, "added to sqrt(v / (1 - beta_2^t)) in the denominator", kPositive},
      }),
      .plan = [](const Nadam& c, int64_t step, RunningProduct& product) {
        // Dozat's schedule mu_t = b1 (1 - 0.5 * 0.96^(0.004 t)); P_t = prod_{i<=t} mu_i.
        const double b1 = c.beta_1;
        auto mu = [b1](double i) { return b1 * (1.0 - 0.5 * std::pow(0.96, 0.004 * i)); };
        if (product.t != step - 1) product = {};  // a loaded checkpoint or reset state: rebuild the product
        while (product.t < step) product.value *= mu(static_cast<double>(++product.t));
        const auto t = static_cast<double>(step);
        const double mu_t = mu(t), mu_next = mu(t + 1), lr = c.learning_rate;
        return UpdatePlan{OptimizerKind::Nadam,
                          {.beta_1 = to_float(c.beta_1),
                           .beta_2 = to_float(c.beta_2),
                           .epsilon = to_float(c.epsilon),
                           .bias_correction_2 = to_float(1.0 - std::pow(c.beta_2, t)),
                           .nadam_coef_g = to_float(lr * (1.0 - mu_t) / (1.0 - product.value)),
                           .nadam_coef_m = to_float(lr * mu_next / (1.0 - product.value * mu_next))}};
      },
  };
  return t;
}

template <>
const OptimizerTable<Adadelta>& table<Adadelta>() {
  static const OptimizerTable<Adadelta> t{
      .name = "Adadelta",
      .summary = "Step sizes from running averages of squared gradients and squared updates (Zeiler 2012).",
      .settings = with_clipping<Adadelta>({
          {"learning_rate", &Adadelta::learning_rate, "scales the update (the paper's form is 1)", kNonNegative},
          {"rho", &Adadelta::rho, "decay rate of both running averages", kUnitClosed},
          {"epsilon", &Adadelta::epsilon, "added inside both square roots", kPositive},
      }),
      .plan = [](const Adadelta& c, int64_t, RunningProduct&) {
        return UpdatePlan{OptimizerKind::Adadelta,
                          {.learning_rate = to_float(c.learning_rate),
                           .epsilon = to_float(c.epsilon),
                           .rho = to_float(c.rho)}};
      },
  };
  return t;
}

template <>
const OptimizerTable<Lion>& table<Lion>() {
  static const OptimizerTable<Lion> t{
      .name = "Lion",
      .summary = "The sign of an interpolated momentum, with decoupled weight decay (Chen et al. 2023).",
      .settings = with_clipping<Lion>({
          {"learning_rate", &Lion::learning_rate, "step size (typically 3-10 times smaller than Adam's)",
           kNonNegative},
          {"beta_1", &Lion::beta_1, "weight of the momentum in the interpolation whose sign is the update",
           kUnitClosed},
          {"beta_2", &Lion::beta_2, "decay rate of the momentum m", kUnitClosed},
          {"weight_decay", &Lion::weight_decay, "decoupled weight decay: p -= lr weight_decay p", kNonNegative},
      }),
      .plan = [](const Lion& c, int64_t, RunningProduct&) {
        return UpdatePlan{OptimizerKind::Lion,
                          {.learning_rate = to_float(c.learning_rate),
                           .beta_1 = to_float(c.beta_1),
                           .beta_2 = to_float(c.beta_2),
                           .weight_decay = to_float(c.weight_decay)}};
      },
  };
  return t;
}

// ---- finding the table ----

// f(table, config) for the optimizer `config` holds.
template <class F>
decltype(auto) with_table(const OptimizerConfig& config, F f) {
  return std::visit([&](const auto& c) -> decltype(auto) { return f(table<std::decay_t<decltype(c)>>(), c); },
                    config);
}

// f(table) for every optimizer, in OptimizerConfig's order.
template <class F>
void for_each_table(F f) {
  [&]<size_t... I>(std::index_sequence<I...>) {
    (f(table<std::variant_alternative_t<I, OptimizerConfig>>()), ...);
  }(std::make_index_sequence<std::variant_size_v<OptimizerConfig>>{});
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string optimizer_name(const OptimizerConfig& config) {
  return with_table(config, [](const auto& t, const auto&) { return std::string(t.name); });
}

OptimizerSettings optimizer_settings(const OptimizerConfig& config) {
  return with_table(config, [](const auto& t, const auto& c) { return settings_of(t, c); });
}

void check_optimizer(const OptimizerConfig& config) {
  with_table(config, [](const auto& t, const auto& c) { check_config(t, c); });
}

UpdatePlan plan_update(const OptimizerConfig& config, int64_t t, RunningProduct& product) {
  return with_table(config, [&](const auto& table, const auto& c) {
    UpdatePlan plan = table.plan(c, t, product);
    plan.scalars.clipnorm = to_float(c.clipnorm);
    plan.scalars.clipvalue = to_float(c.clipvalue);
    return plan;
  });
}

float initial_slot_value(const OptimizerConfig& config, int slot) {
  return with_table(config, [&](const auto& t, const auto& c) {
    return slot == 0 && t.first_slot_start ? to_float(c.*t.first_slot_start) : 0.0f;
  });
}

std::vector<std::string> optimizer_names() {
  std::vector<std::string> names;
  for_each_table([&](const auto& t) { names.push_back(lower(t.name)); });
  return names;
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, const OptimizerSettings& settings) {
  const std::string key = lower(name);
  std::optional<OptimizerConfig> config;
  for_each_table([&](const auto& t) {
    if (!config && lower(t.name) == key) config = config_from_settings(t, settings);
  });
  if (!config) {
    std::string valid;
    for (const auto& n : optimizer_names()) valid += (valid.empty() ? "" : ", ") + n;
    throw Error("unknown optimizer '" + name + "' (valid: " + valid + ")");
  }
  return std::make_unique<Optimizer>(std::move(*config));
}

std::string optimizer_docs() {
  std::string text;
  for_each_table([&](const auto& t) { text += (text.empty() ? "" : "\n") + docs_of(t, lower(t.name)); });
  return text;
}

}  // namespace tunet::nn
