#pragma once
// The teaching demos (tuner/teaching), each writing its figures with gnuplot:
//   tunet optimizers [--surface rosenbrock|beale|ill-bowl|saddle|all] [--optimizer NAME]...
//                    [--learning_rate LR] [--set NAME=VALUE]... [--steps N] [--out DIR]
//       the nn optimizers' paths on 2-D test surfaces, and their loss by step
//   tunet explain-gp [--acq EI|PI|LCB] [--steps N] [--initial N] [--seed S] [--out DIR]
//       Bayesian optimisation of a 1-D function, one picture per step, and an animated GIF
#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace tunet::tuner::cli {

class TeachingCommands {
 public:
  explicit TeachingCommands(CLI::App& app);
  // Runs the subcommand that was given; false when it was none of these.
  bool run(std::ostream& out) const;

 private:
  void run_optimizers(std::ostream& out) const;
  void run_explain_gp(std::ostream& out) const;

  CLI::App* optimizers_ = nullptr;
  CLI::App* explain_gp_ = nullptr;
  std::string surface_ = "all";
  std::vector<std::string> optimizer_names_;
  double learning_rate_ = 0;  // 0: each optimizer's rate for the surface
  std::vector<std::string> settings_;
  int steps_ = 0;             // 0: the surface's default
  std::string out_;
  std::string acq_func_ = "EI";
  int gp_steps_ = 8, gp_initial_ = 3;
  unsigned long long seed_ = 1;
};

}  // namespace tunet::tuner::cli
