#pragma once
// The browser playground's computations, each a call into the real library
// (tuner/teaching, tuner/proposers/gp, tuner/schedulers, nn), answered as JSON
// for the page (bindings.cpp) and for its native twin (reference_main.cpp),
// so that both print the same numbers for the same settings.
//
//   Json path = optimizer_path("rosenbrock", "adam", {{"learning_rate", 0.05}}, {-1.2, 1.0}, 300);
//   GpSession gp({.acq_func = "EI", .seed = 1});  gp.next();  Json s = gp.state();
//   Json run = hyperband_run(27, 3, 1);           // the trials of a search on synthetic learning curves
//   NetworkSession net(NetworkOptions{});  Json e = net.epoch();
// Bad settings throw tunet::Error with one line naming the setting.
#include <array>
#include <memory>
#include <optional>
#include <string>

#include "nn/optimizer.hpp"
#include "tuner/config/json.hpp"
#include "tuner/proposers/gp/gp_ask_tell.hpp"

namespace tunet::nn {
class Sequential;
}

namespace tunet::web {

using tuner::Json;

// ---- optimizers on surfaces (tuner/teaching/optimizer_paths.hpp) ----
Json surfaces_json(int grid);  // each surface: name, formula, start, minima, view, steps, rates, a grid x grid of values
Json optimizer_names_json();   // the nine names with every setting's default
// The path of `optimizer` from `start`: settings in force, (x, y, loss) per step, diverged.
Json optimizer_path(const std::string& surface, const std::string& optimizer, const nn::OptimizerSettings& settings,
                    std::array<double, 2> start, int steps);

// ---- a Gaussian process, step by step, on explain_gp's 1-D function ----
struct GpSessionOptions {
  std::string acq_func = "EI";  // EI, PI, LCB or gp_hedge
  int n_initial_points = 3;
  double xi = 0.01, kappa = 1.96;
  std::uint64_t seed = 1;
  int grid = 241;               // points of the drawn curves over [-2, 2]
};
class GpSession {
 public:
  explicit GpSession(GpSessionOptions options);
  void observe(double x);   // the student's point: f(x) is told
  void next();              // the optimizer's point (initial design, then the acquisition's choice) is told
  // Observations, and once the GP is used: its mean and 95% band, the
  // acquisition on the grid, the point it would pick next, the kernel's length
  // scale and noise.
  Json state();

 private:
  void tell(const Eigen::VectorXd& u);
  void propose();  // asks once, so the model and the proposal match the observations
  GpSessionOptions options_;
  tuner::GpAskTell optimizer_;
  std::optional<Eigen::VectorXd> proposal_;
  bool proposal_from_model_ = false;
};

// ---- Hyperband (tuner/schedulers) ----
Json hyperband_schedule_json(int R, int eta);
// Hyperband with random search over a synthetic space, each trial's loss a
// closed-form learning curve; then random search given the same epochs.
Json hyperband_run(int R, int eta, std::uint64_t seed);

// ---- training a network (nn, datasets' two_spirals and gaussian_blobs) ----
struct NetworkOptions {
  std::string dataset = "spirals";  // spirals or blobs
  int samples_per_class = 150;
  double noise = 0.05;
  int layers = 3, units = 32;
  std::string activation = "relu";
  std::string optimizer = "adam";
  double learning_rate = 0.01;
  double dropout = 0.0;
  int batch_size = 32;
  double validation_split = 0.25;
  std::uint64_t seed = 1;
};
class NetworkSession {
 public:
  explicit NetworkSession(const NetworkOptions& options);
  ~NetworkSession();
  Json data() const;            // the points (x, y, class) and which are validation
  Json epoch();                 // trains one epoch: its number, loss, accuracy, val_loss, val_accuracy
  Json boundary(int n) const;   // the predicted class and its probability on an n x n grid over the data's box

 private:
  NetworkOptions options_;
  std::unique_ptr<nn::Sequential> model_;
  Tensor x_, y_, val_x_, val_y_;
  std::array<double, 4> box_{};  // x_low, x_high, y_low, y_high
  int classes_ = 2;
  int epochs_ = 0;
};

}  // namespace tunet::web
