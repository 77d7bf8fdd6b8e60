#pragma once
// The nn optimizers, with Keras's argument names and defaults:
//
//   model.compile(nn::Adam({.learning_rate = 1e-3, .amsgrad = true}), ...);
//   model.compile(nn::SGD({.learning_rate = 0.01, .momentum = 0.9, .nesterov = true,
//                          .decay = 1e-6}), ...);
//
// g is the gradient at step t (t = 1 first), all state starts at 0 unless said.
//
// | optimizer | update (paper / PyTorch form)                         | defaults            |
// | SGD       | lr_t = lr / (1 + decay (t-1)); p -= lr_t g            | lr 0.01, momentum 0,|
// |           | momentum: v = mu v - lr_t g; p += v                   | nesterov false,     |
// |           | nesterov: v = mu v - lr_t g; p += mu v - lr_t g       | decay 0             |
// | Momentum  | SGD with momentum (default 0.9)                        | lr 0.01             |
// | Nesterov  | SGD with nesterov momentum (default 0.9)               | lr 0.01             |
// | Adagrad   | s += g^2 (s starts at initial_accumulator_value);     | lr 0.001, 0.1,      |
// | (Duchi 11)| p -= lr g / (sqrt(s) + eps)                           | eps 1e-7            |
// | RMSprop   | v = rho v + (1-rho) g^2; centered: a = rho a + (1-rho) g,| lr 0.001, rho 0.9,|
// | (Hinton   | d = v - a^2, else d = v; step = lr g / (sqrt(d) + eps);| momentum 0,       |
// |  2012)    | momentum: b = mu b + step, p -= b; else p -= step     | eps 1e-7, centered  |
// | Adam      | m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;           | lr 0.001, b1 0.9,   |
// | (Kingma & | mh = m / (1-b1^t); vh = v / (1-b2^t) (amsgrad: vmax = | b2 0.999, eps 1e-7, |
// |  Ba 2015) | max(vmax, v), vh = vmax / (1-b2^t)); p -= lr mh / (sqrt(vh) + eps) | amsgrad false |
// | Nadam     | mu_t = b1 (1 - 0.5 * 0.96^(0.004 t)), P_t = prod mu_i;  | lr 0.001, b1 0.9,  |
// | (Dozat 16)| m, v as Adam; denom = sqrt(v / (1-b2^t)) + eps;        | b2 0.999, eps 1e-7 |
// |           | p -= lr (1-mu_t)/(1-P_t) g/denom + lr mu_{t+1}/(1-P_t mu_{t+1}) m/denom |   |
// | Adadelta  | v = rho v + (1-rho) g^2; d = sqrt(u+eps)/sqrt(v+eps) g;| lr 0.001 (paper 1),|
// | (Zeiler 12)| u = rho u + (1-rho) d^2; p -= lr d                   | rho 0.95, eps 1e-7 |
// | Lion      | c = b1 m + (1-b1) g; p -= lr (sign(c) + wd p);        | lr 0.001, b1 0.9,   |
// | (Chen 23) | m = b2 m + (1-b2) g; sign(0) = 0                      | b2 0.99, wd 0       |
//
// Deviations from Keras, all deliberate (../shared/reference/optimizers.md):
// - Adam keeps eps outside the bias-corrected sqrt (the paper / PyTorch form);
//   Keras folds the corrections into the step size, which moves eps slightly.
// - RMSprop keeps eps outside the sqrt (Keras 2 / PyTorch); Keras 3 puts it inside.
// - Nadam uses Dozat's momentum schedule; its running product P_t is a function
//   of t, cached between steps and recomputed after a checkpoint is loaded.
// Every config also has clipnorm (global L2 norm) and clipvalue; 0 = off.
#include "nn/optimizer.hpp"

namespace tunet::nn {

struct SGDConfig {
  double learning_rate = 0.01;
  double momentum = 0.0;
  bool nesterov = false;
  double decay = 0.0;  // lr_t = lr / (1 + decay * (t - 1)), Keras 2's `decay`
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

class SGD : public Optimizer {
 public:
  explicit SGD(SGDConfig config = {});
  std::string name() const override { return "SGD"; }
  OptimizerSettings settings() const override;
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<SGD>(*this); }
  int slot_count() const override { return config_.momentum > 0 ? 1 : 0; }
  const SGDConfig& config() const { return config_; }

 protected:
  void update(const Step& step) override;
  SGDConfig config_;
};

// SGD with momentum, as its own name (seed 004's "Momentum").
struct MomentumConfig {
  double learning_rate = 0.01;
  double momentum = 0.9;
  double decay = 0.0;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

class Momentum : public SGD {
 public:
  explicit Momentum(MomentumConfig config = {});
  std::string name() const override { return "Momentum"; }
  OptimizerSettings settings() const override;
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Momentum>(*this); }
};

// SGD with Nesterov momentum, as its own name (seed 004's "Nesterov").
class Nesterov : public SGD {
 public:
  explicit Nesterov(MomentumConfig config = {});
  std::string name() const override { return "Nesterov"; }
  OptimizerSettings settings() const override;
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Nesterov>(*this); }
};

struct AdagradConfig {
  double learning_rate = 0.001;
  double initial_accumulator_value = 0.1;
  double epsilon = 1e-7;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

class Adagrad : public Optimizer {
 public:
  explicit Adagrad(AdagradConfig config = {});
  std::string name() const override { return "Adagrad"; }
  OptimizerSettings settings() const override;
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Adagrad>(*this); }
  int slot_count() const override { return 1; }

 protected:
  float initial_slot_value(int slot) const override;
  void update(const Step& step) override;

 private:
  AdagradConfig config_;
};

struct RMSpropConfig {
  double learning_rate = 0.001;
  double rho = 0.9;
  double momentum = 0.0;
  double epsilon = 1e-7;
  bool centered = false;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

class RMSprop : public Optimizer {
 public:
  explicit RMSprop(RMSpropConfig config = {});
  std::string name() const override { return "RMSprop"; }
  OptimizerSettings settings() const override;
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<RMSprop>(*this); }
  // v, then a when centered, then b when momentum > 0
  int slot_count() const override { return 1 + (config_.centered ? 1 : 0) + (config_.momentum > 0 ? 1 : 0); }

 protected:
  void update(const Step& step) override;

 private:
  RMSpropConfig config_;
};

struct AdamConfig {
  double learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  bool amsgrad = false;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

class Adam : public Optimizer {
 public:
  explicit Adam(AdamConfig config = {});
  std::string name() const override { return "Adam"; }
  OptimizerSettings settings() const override;
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Adam>(*this); }
  int slot_count() const override { return config_.amsgrad ? 3 : 2; }  // m, v, vmax

 protected:
  void update(const Step& step) override;

 private:
  AdamConfig config_;
};

struct NadamConfig {
  double learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

class Nadam : public Optimizer {
 public:
  explicit Nadam(NadamConfig config = {});
  std::string name() const override { return "Nadam"; }
  OptimizerSettings settings() const override;
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Nadam>(*this); }
  int slot_count() const override { return 2; }  // m, v

 protected:
  void update(const Step& step) override;

 private:
  NadamConfig config_;
  int64_t product_t_ = 0;  // P_t = prod_{i<=t} mu_i, cached for t = product_t_
  double product_ = 1.0;
};

struct AdadeltaConfig {
  double learning_rate = 0.001;
  double rho = 0.95;
  double epsilon = 1e-7;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

class Adadelta : public Optimizer {
 public:
  explicit Adadelta(AdadeltaConfig config = {});
  std::string name() const override { return "Adadelta"; }
  OptimizerSettings settings() const override;
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Adadelta>(*this); }
  int slot_count() const override { return 2; }  // v (squared gradients), u (squared updates)

 protected:
  void update(const Step& step) override;

 private:
  AdadeltaConfig config_;
};

struct LionConfig {
  double learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.99;
  double weight_decay = 0.0;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

class Lion : public Optimizer {
 public:
  explicit Lion(LionConfig config = {});
  std::string name() const override { return "Lion"; }
  OptimizerSettings settings() const override;
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Lion>(*this); }
  int slot_count() const override { return 1; }  // m

 protected:
  void update(const Step& step) override;

 private:
  LionConfig config_;
};

}  // namespace tunet::nn
