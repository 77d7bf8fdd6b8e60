// The optimizer driver (clipping, state allocation, step counter) and the
// name -> optimizer factory the tuner uses.
#include "nn/optimizer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <set>

#include "core/error.hpp"
#include "nn/optimizers.hpp"

namespace tunet::nn {

Optimizer::Optimizer(double clipnorm, double clipvalue)
    : clipnorm_(clipnorm), clipvalue_(clipvalue) {
  check(clipnorm >= 0 && std::isfinite(clipnorm),
        "optimizer: clipnorm must be >= 0 (0 = off), got " + std::to_string(clipnorm));
  check(clipvalue >= 0 && std::isfinite(clipvalue),
        "optimizer: clipvalue must be >= 0 (0 = off), got " + std::to_string(clipvalue));
}

float Optimizer::initial_slot_value(int) const { return 0.0f; }

void Optimizer::step(std::span<float> parameters, std::span<const float> gradients) {
  const auto count = static_cast<int64_t>(parameters.size());
  if (gradients.size() != parameters.size())  // (messages built only on failure: step() is hot)
    throw Error(name() + ".step: " + std::to_string(parameters.size()) + " parameters but " +
                std::to_string(gradients.size()) + " gradients");
  if (state_.parameter_count == 0 && state_.slots.empty()) {
    state_.parameter_count = count;
    state_.slots.resize(static_cast<size_t>(slot_count()) * count);
    for (int k = 0; k < slot_count(); ++k)
      std::fill_n(state_.slots.begin() + k * count, count, initial_slot_value(k));
  }
  if (state_.parameter_count != count)
    throw Error(name() + ".step: the optimizer state is for " + std::to_string(state_.parameter_count) +
                " parameters, got " + std::to_string(count) +
                " (one optimizer per model; reset_state() to start over)");

  float grad_scale = 1.0f;
  if (clipnorm_ > 0) {
    // Global norm ||g|| over the whole block; scale so that ||g|| <= clipnorm.
    double squares = 0;
    const float* g = gradients.data();
#if defined(_OPENMP)
#pragma omp parallel for reduction(+ : squares) if (count >= kParallelMinElements)
#endif
    for (int64_t i = 0; i < count; ++i) squares += double(g[i]) * g[i];
    const double norm = std::sqrt(squares);
    if (norm > clipnorm_) grad_scale = static_cast<float>(clipnorm_ / norm);
  }

  ++state_.iterations;
  update(Step{parameters.data(), gradients.data(), state_.slots.data(), count, grad_scale,
              static_cast<float>(clipvalue_), state_.iterations});
}

void Optimizer::set_state(OptimizerState state) {
  const auto expected = static_cast<size_t>(slot_count()) * state.parameter_count;
  check(state.iterations >= 0 && state.parameter_count >= 0 && state.slots.size() == expected,
        name() + ": optimizer state holds " + std::to_string(state.slots.size()) +
            " values for " + std::to_string(state.parameter_count) + " parameters, expected " +
            std::to_string(slot_count()) + " slots per parameter");
  state_ = std::move(state);
}

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Reads settings by name, remembering which were used, so that a misspelt
// setting is an error instead of being silently ignored.
class SettingsReader {
 public:
  SettingsReader(std::string optimizer, const OptimizerSettings& settings)
      : optimizer_(std::move(optimizer)), settings_(settings) {
    if (auto it = settings_.find("lr"); it != settings_.end()) {
      check(!settings_.count("learning_rate"),
            optimizer_ + ": both 'lr' and 'learning_rate' given");
      settings_["learning_rate"] = it->second;
      settings_.erase(it);
    }
  }
  void read(const char* key, double& value) {
    known_.insert(key);
    if (auto it = settings_.find(key); it != settings_.end()) value = it->second;
  }
  void read(const char* key, bool& value) {
    known_.insert(key);
    if (auto it = settings_.find(key); it != settings_.end()) {
      check(it->second == 0 || it->second == 1,
            optimizer_ + ": setting '" + key + "' is a boolean (0 or 1), got " +
                std::to_string(it->second));
      value = it->second != 0;
    }
  }
  void finish() const {
    for (const auto& [key, value] : settings_) {
      if (known_.count(key)) continue;
      std::string valid;
      for (const auto& k : known_) valid += (valid.empty() ? "" : ", ") + k;
      throw Error(optimizer_ + ": unknown setting '" + key + "' (valid: " + valid + ")");
    }
  }

 private:
  std::string optimizer_;
  OptimizerSettings settings_;
  std::set<std::string> known_;
};

template <class Config>
void read_clipping(SettingsReader& r, Config& c) {
  r.read("clipnorm", c.clipnorm);
  r.read("clipvalue", c.clipvalue);
}

using Factory = std::function<std::unique_ptr<Optimizer>(const OptimizerSettings&)>;

const std::vector<std::pair<std::string, Factory>>& factories() {
  static const std::vector<std::pair<std::string, Factory>> table = {
      {"sgd",
       [](const OptimizerSettings& s) {
         SGDConfig c;
         SettingsReader r("SGD", s);
         r.read("learning_rate", c.learning_rate);
         r.read("momentum", c.momentum);
         r.read("nesterov", c.nesterov);
         r.read("decay", c.decay);
         read_clipping(r, c);
         r.finish();
         return std::make_unique<SGD>(c);
       }},
      {"momentum",
       [](const OptimizerSettings& s) {
         MomentumConfig c;
         SettingsReader r("Momentum", s);
         r.read("learning_rate", c.learning_rate);
         r.read("momentum", c.momentum);
         r.read("decay", c.decay);
         read_clipping(r, c);
         r.finish();
         return std::make_unique<Momentum>(c);
       }},
      {"nesterov",
       [](const OptimizerSettings& s) {
         MomentumConfig c;
         SettingsReader r("Nesterov", s);
         r.read("learning_rate", c.learning_rate);
         r.read("momentum", c.momentum);
         r.read("decay", c.decay);
         read_clipping(r, c);
         r.finish();
         return std::make_unique<Nesterov>(c);
       }},
      {"adagrad",
       [](const OptimizerSettings& s) {
         AdagradConfig c;
         SettingsReader r("Adagrad", s);
         r.read("learning_rate", c.learning_rate);
         r.read("initial_accumulator_value", c.initial_accumulator_value);
         r.read("epsilon", c.epsilon);
         read_clipping(r, c);
         r.finish();
         return std::make_unique<Adagrad>(c);
       }},
      {"rmsprop",
       [](const OptimizerSettings& s) {
         RMSpropConfig c;
         SettingsReader r("RMSprop", s);
         r.read("learning_rate", c.learning_rate);
         r.read("rho", c.rho);
         r.read("momentum", c.momentum);
         r.read("epsilon", c.epsilon);
         r.read("centered", c.centered);
         read_clipping(r, c);
         r.finish();
         return std::make_unique<RMSprop>(c);
       }},
      {"adam",
       [](const OptimizerSettings& s) {
         AdamConfig c;
         SettingsReader r("Adam", s);
         r.read("learning_rate", c.learning_rate);
         r.read("beta_1", c.beta_1);
         r.read("beta_2", c.beta_2);
         r.read("epsilon", c.epsilon);
         r.read("amsgrad", c.amsgrad);
         read_clipping(r, c);
         r.finish();
         return std::make_unique<Adam>(c);
       }},
      {"nadam",
       [](const OptimizerSettings& s) {
         NadamConfig c;
         SettingsReader r("Nadam", s);
         r.read("learning_rate", c.learning_rate);
         r.read("beta_1", c.beta_1);
         r.read("beta_2", c.beta_2);
         r.read("epsilon", c.epsilon);
         read_clipping(r, c);
         r.finish();
         return std::make_unique<Nadam>(c);
       }},
      {"adadelta",
       [](const OptimizerSettings& s) {
         AdadeltaConfig c;
         SettingsReader r("Adadelta", s);
         r.read("learning_rate", c.learning_rate);
         r.read("rho", c.rho);
         r.read("epsilon", c.epsilon);
         read_clipping(r, c);
         r.finish();
         return std::make_unique<Adadelta>(c);
       }},
      {"lion",
       [](const OptimizerSettings& s) {
         LionConfig c;
         SettingsReader r("Lion", s);
         r.read("learning_rate", c.learning_rate);
         r.read("beta_1", c.beta_1);
         r.read("beta_2", c.beta_2);
         r.read("weight_decay", c.weight_decay);
         read_clipping(r, c);
         r.finish();
         return std::make_unique<Lion>(c);
       }},
  };
  return table;
}

}  // namespace

std::vector<std::string> optimizer_names() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : factories()) names.push_back(name);
  return names;
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name,
                                          const OptimizerSettings& settings) {
  const std::string key = lower(name);
  for (const auto& [known, factory] : factories())
    if (known == key) return factory(settings);
  std::string valid;
  for (const auto& n : optimizer_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw Error("unknown optimizer '" + name + "' (valid: " + valid + ")");
}

}  // namespace tunet::nn
