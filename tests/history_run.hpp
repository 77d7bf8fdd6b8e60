#pragma once
// A training run whose value depends on its whole history, so a trial resumed
// from the wrong state (or retrained from scratch) ends with another value.
// Shared by the kill, parallel-study and MPI tests, which add their own
// sleeps and counters around train_epoch.
#include <cmath>
#include <filesystem>
#include <fstream>

#include "tuner/study/objective.hpp"

namespace tunet::testing {

class HistoryRun : public tuner::TrainingRun {
 public:
  // Each epoch: state <- 0.6 state + 0.4 target + drift (epoch + 1).
  explicit HistoryRun(double target, double drift = 0.001) : target_(target), drift_(drift) {}
  tuner::Metrics train_epoch(int epoch) override {
    state_ = 0.6 * state_ + 0.4 * target_ + drift_ * (epoch + 1);
    return {{"val_loss", std::pow(state_ - 0.35, 2) + 0.05 / (epoch + 1)}};
  }
  void save(const std::filesystem::path& path) override {
    std::ofstream out(path);
    out.precision(17);
    out << state_;
  }
  void load(const std::filesystem::path& path) override { std::ifstream(path) >> state_; }

 private:
  double target_;
  double drift_;
  double state_ = 0;
};

}  // namespace tunet::testing
