#pragma once
// Ready-made callbacks for Sequential::fit (the interface is nn/callback.hpp):
//
//   auto stop = std::make_shared<nn::EarlyStopping>(nn::EarlyStoppingConfig{
//       .monitor = "val_loss", .patience = 3, .restore_best_weights = true});
//   model.fit(x, y, {.epochs = 50, .validation_split = 0.1, .callbacks = {stop}});
//
// - EarlyStopping: stops when `monitor` has not improved by more than
//   min_delta for `patience` epochs (Keras's rule: after each epoch wait += 1,
//   reset to 0 on an improvement, stop when wait >= patience). With
//   restore_best_weights the weights of the best epoch are put back when
//   training ends (whether or not it stopped early).
// - ReduceLROnPlateau: multiplies the optimizer's learning rate by `factor`
//   when `monitor` has not improved for `patience` epochs (Keras's rule, after
//   each epoch: in cooldown, cooldown_counter -= 1 and wait = 0; an
//   improvement (current < best - min_delta, or > best + min_delta when
//   maximising) sets best and wait = 0; otherwise, out of cooldown, wait += 1,
//   and at wait >= patience, if lr > min_lr: lr = max(lr * factor, min_lr),
//   cooldown_counter = cooldown, wait = 0). Error under a learning-rate schedule.
// - ModelCheckpoint: saves the model (Sequential::save) after each epoch, or
//   only when `monitor` improved; "{epoch}" in the path becomes epoch + 1.
// - TerminateOnNaN: ends training cleanly at the first NaN / infinite batch
//   loss (without it, fit() throws an Error there).
// - CSVLogger: one row per epoch, "epoch" then the logs' keys sorted by name.
// - LambdaCallback: your functions, called per batch and per epoch.
// mode "auto" maximises monitors that contain "acc", minimises the others.
#include <functional>
#include <fstream>
#include <string>
#include <vector>

#include "nn/callback.hpp"

namespace tunet::nn {

struct EarlyStoppingConfig {
  std::string monitor = "val_loss";
  double min_delta = 0.0;
  int patience = 0;
  std::string mode = "auto";  // "auto", "min", "max"
  bool restore_best_weights = false;
};

class EarlyStopping : public Callback {
 public:
  explicit EarlyStopping(EarlyStoppingConfig config = {});
  void on_train_begin(Sequential& model) override;
  void on_epoch_end(int epoch, const Logs& logs, Sequential& model) override;
  void on_train_end(const Logs& logs, Sequential& model) override;

  int stopped_epoch() const { return stopped_epoch_; }  // -1 when it did not stop training
  int best_epoch() const { return best_epoch_; }
  double best() const { return best_; }

 private:
  EarlyStoppingConfig config_;
  bool maximize_;
  double best_ = 0;
  int best_epoch_ = -1;
  int last_epoch_ = -1;
  int wait_ = 0;
  int stopped_epoch_ = -1;
  std::vector<float> best_weights_;
};

struct ReduceLROnPlateauConfig {
  std::string monitor = "val_loss";
  double factor = 0.1;  // in [0, 1)
  int patience = 10;
  std::string mode = "auto";
  double min_delta = 1e-4;
  int cooldown = 0;
  double min_lr = 0.0;
};

class ReduceLROnPlateau : public Callback {
 public:
  explicit ReduceLROnPlateau(ReduceLROnPlateauConfig config = {});
  void on_train_begin(Sequential& model) override;
  void on_epoch_end(int epoch, const Logs& logs, Sequential& model) override;

  int reductions() const { return reductions_; }

 private:
  ReduceLROnPlateauConfig config_;
  bool maximize_;
  double best_ = 0;
  int wait_ = 0;
  int cooldown_counter_ = 0;
  int reductions_ = 0;
};

struct ModelCheckpointConfig {
  std::string monitor = "val_loss";
  bool save_best_only = false;
  std::string mode = "auto";
};

class ModelCheckpoint : public Callback {
 public:
  explicit ModelCheckpoint(std::string filepath, ModelCheckpointConfig config = {});
  void on_train_begin(Sequential& model) override;
  void on_epoch_end(int epoch, const Logs& logs, Sequential& model) override;

  int saves() const { return saves_; }

 private:
  std::string filepath_;
  ModelCheckpointConfig config_;
  bool maximize_;
  bool have_best_ = false;
  double best_ = 0;
  int saves_ = 0;
};

class TerminateOnNaN : public Callback {
 public:
  void on_batch_end(int batch, const Logs& logs, Sequential& model) override;
};

class CSVLogger : public Callback {
 public:
  explicit CSVLogger(std::string filename, char separator = ',', bool append = false);
  void on_train_begin(Sequential& model) override;
  void on_epoch_end(int epoch, const Logs& logs, Sequential& model) override;
  void on_train_end(const Logs& logs, Sequential& model) override;

 private:
  std::string filename_;
  char separator_;
  bool append_;
  std::ofstream out_;
  std::vector<std::string> keys_;
};

struct LambdaCallbackConfig {
  std::function<void(Sequential&)> on_train_begin = nullptr;
  std::function<void(int epoch, Sequential&)> on_epoch_begin = nullptr;
  std::function<void(int batch, const Logs&, Sequential&)> on_batch_end = nullptr;
  std::function<void(int epoch, const Logs&, Sequential&)> on_epoch_end = nullptr;
  std::function<void(const Logs&, Sequential&)> on_train_end = nullptr;
};

class LambdaCallback : public Callback {
 public:
  explicit LambdaCallback(LambdaCallbackConfig config) : config_(std::move(config)) {}
  void on_train_begin(Sequential& model) override;
  void on_epoch_begin(int epoch, Sequential& model) override;
  void on_batch_end(int batch, const Logs& logs, Sequential& model) override;
  void on_epoch_end(int epoch, const Logs& logs, Sequential& model) override;
  void on_train_end(const Logs& logs, Sequential& model) override;

 private:
  LambdaCallbackConfig config_;
};

}  // namespace tunet::nn
