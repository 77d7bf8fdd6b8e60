#pragma once
// The nn optimizers, with Keras's argument names and defaults. Each is a plain
// settings struct written with designated initializers; nn::Optimizer
// (nn/optimizer.hpp) runs any of them and keeps the state:
//
//   model.compile(nn::Adam({.learning_rate = 1e-3, .amsgrad = true}), ...);
//   nn::Optimizer sgd = nn::SGD({.learning_rate = 0.01, .momentum = 0.9, .nesterov = true});
//
// g is the gradient at step t (t = 1 first), all state starts at 0 unless said.
//
// | optimizer  | update (paper / PyTorch form)                                                  |
// | SGD        | lr_t = lr / (1 + decay (t-1)); p -= lr_t g                                     |
// |            | momentum: v = mu v - lr_t g; p += v                                            |
// |            | nesterov: v = mu v - lr_t g; p += mu v - lr_t g                                |
// | Momentum   | SGD with momentum (default 0.9)                                                |
// | Nesterov   | SGD with Nesterov momentum (default 0.9)                                       |
// | Adagrad    | s += g^2 (s starts at initial_accumulator_value); p -= lr g / (sqrt(s) + eps)  |
// | (Duchi 11) |                                                                                |
// | RMSprop    | v = rho v + (1-rho) g^2; centered: a = rho a + (1-rho) g, d = v - a^2, else    |
// | (Hinton 12)| d = v; step = lr g / (sqrt(d) + eps); momentum: b = mu b + step, p -= b;       |
// |            | else p -= step                                                                 |
// | Adam       | m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; mh = m / (1-b1^t);                 |
// | (Kingma &  | vh = v / (1-b2^t) (amsgrad: vmax = max(vmax, v), vh = vmax / (1-b2^t));       |
// |  Ba 2015)  | p -= lr mh / (sqrt(vh) + eps)                                                  |
// | Nadam      | mu_t = b1 (1 - 0.5 * 0.96^(0.004 t)), P_t = prod_{i<=t} mu_i; m, v as Adam;    |
// | (Dozat 16) | denom = sqrt(v / (1-b2^t)) + eps;                                              |
// |            | p -= lr (1-mu_t)/(1-P_t) g/denom + lr mu_{t+1}/(1-P_t mu_{t+1}) m/denom        |
// | Adadelta   | v = rho v + (1-rho) g^2; d = sqrt(u+eps)/sqrt(v+eps) g; u = rho u + (1-rho) d^2;|
// | (Zeiler 12)| p -= lr d  (Keras's lr default 0.001; the paper's form is lr = 1)              |
// | Lion       | c = b1 m + (1-b1) g; p -= lr (sign(c) + wd p); m = b2 m + (1-b2) g;            |
// | (Chen 23)  | sign(0) = 0                                                                    |
//
// The defaults are the field initialisers below. Each optimizer's table in
// nn/optimizers.cpp (Keras name, valid range and meaning of every setting)
// drives make_optimizer, settings(), the checks and the settings reference in
// docs/optimizers.md (nn::optimizer_docs()).
//
// Deviations from Keras, all deliberate:
// - Adam keeps eps outside the bias-corrected sqrt (the paper / PyTorch form);
//   Keras folds the corrections into the step size, which moves eps slightly.
// - RMSprop keeps eps outside the sqrt (Keras 2 / PyTorch); Keras 3 puts it inside.
// - Nadam uses Dozat's momentum schedule; its running product P_t is a function
//   of t, cached between steps and recomputed after a checkpoint is loaded.
// Every optimizer also has clipnorm (global L2 norm, Keras's global_clipnorm)
// and clipvalue; 0 = off.
#include <variant>

namespace tunet::nn {

struct SGD {
  double learning_rate = 0.01;
  double momentum = 0.0;
  bool nesterov = false;
  double decay = 0.0;  // Keras 2's `decay`
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

// SGD with momentum, under its own name.
struct Momentum {
  double learning_rate = 0.01;
  double momentum = 0.9;
  double decay = 0.0;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

// SGD with Nesterov momentum, under its own name.
struct Nesterov {
  double learning_rate = 0.01;
  double momentum = 0.9;
  double decay = 0.0;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

struct Adagrad {
  double learning_rate = 0.001;
  double initial_accumulator_value = 0.1;
  double epsilon = 1e-7;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

struct RMSprop {
  double learning_rate = 0.001;
  double rho = 0.9;
  double momentum = 0.0;
  double epsilon = 1e-7;
  bool centered = false;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

struct Adam {
  double learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  bool amsgrad = false;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

struct Nadam {
  double learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

struct Adadelta {
  double learning_rate = 0.001;
  double rho = 0.95;
  double epsilon = 1e-7;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

struct Lion {
  double learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.99;
  double weight_decay = 0.0;
  double clipnorm = 0.0;
  double clipvalue = 0.0;
};

// Any one of them; make_optimizer's names follow this order.
using OptimizerConfig = std::variant<SGD, Momentum, Nesterov, Adagrad, RMSprop, Adam, Nadam, Adadelta, Lion>;

}  // namespace tunet::nn
