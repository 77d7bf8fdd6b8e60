// EarlyStopping, ReduceLROnPlateau, ModelCheckpoint, TerminateOnNaN, CSVLogger, LambdaCallback.
#include "nn/callbacks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "nn/sequential.hpp"

namespace tunet::nn {

namespace {

bool maximizes(const std::string& who, const std::string& monitor, const std::string& mode) {
  check(mode == "auto" || mode == "min" || mode == "max",
        who + ": mode must be auto, min or max, got '" + mode + "'");
  if (mode == "auto") return monitor.find("acc") != std::string::npos;
  return mode == "max";
}

double monitored(const std::string& who, const std::string& monitor, const Logs& logs) {
  const auto it = logs.find(monitor);
  if (it != logs.end()) return it->second;
  std::string available;
  for (const auto& [key, value] : logs) available += (available.empty() ? "" : ", ") + key;
  throw Error(who + ": monitor '" + monitor + "' is not in the logs (available: " + available +
              "); val_* values need validation data");
}

}  // namespace

// ---- EarlyStopping ----

EarlyStopping::EarlyStopping(EarlyStoppingConfig config)
    : config_(std::move(config)),
      maximize_(maximizes("EarlyStopping", config_.monitor, config_.mode)) {
  check(config_.patience >= 0, "EarlyStopping: patience must be >= 0");
  check(config_.min_delta >= 0, "EarlyStopping: min_delta must be >= 0");
}

void EarlyStopping::on_train_begin(Sequential&) {
  best_ = maximize_ ? -INFINITY : INFINITY;
  best_epoch_ = last_epoch_ = stopped_epoch_ = -1;
  wait_ = 0;
  best_weights_.clear();
}

void EarlyStopping::on_epoch_end(int epoch, const Logs& logs, Sequential& model) {
  const double current = monitored("EarlyStopping", config_.monitor, logs);
  last_epoch_ = epoch;
  ++wait_;
  const bool improved = maximize_ ? current - config_.min_delta > best_
                                  : current + config_.min_delta < best_;
  if (improved) {
    best_ = current;
    best_epoch_ = epoch;
    wait_ = 0;
    if (config_.restore_best_weights) best_weights_ = model.get_weights();
  }
  if (wait_ >= config_.patience && epoch > 0 && !improved) {
    stopped_epoch_ = epoch;
    char text[160];
    std::snprintf(text, sizeof text, "EarlyStopping: %s did not improve for %d epoch(s) (best %.6g at epoch %d)",
                  config_.monitor.c_str(), wait_, best_, best_epoch_ + 1);
    model.stop_training(text);
  }
}

void EarlyStopping::on_train_end(const Logs&, Sequential& model) {
  if (config_.restore_best_weights && !best_weights_.empty() && best_epoch_ != last_epoch_)
    model.set_weights(best_weights_);
}

// ---- ReduceLROnPlateau ----

ReduceLROnPlateau::ReduceLROnPlateau(ReduceLROnPlateauConfig config)
    : config_(std::move(config)),
      maximize_(maximizes("ReduceLROnPlateau", config_.monitor, config_.mode)) {
  check(config_.factor >= 0 && config_.factor < 1,
        "ReduceLROnPlateau: factor must be in [0, 1) (it multiplies the learning rate), got " +
            std::to_string(config_.factor));
  check(config_.patience >= 0 && config_.cooldown >= 0, "ReduceLROnPlateau: patience and cooldown must be >= 0");
  check(config_.min_delta >= 0 && config_.min_lr >= 0, "ReduceLROnPlateau: min_delta and min_lr must be >= 0");
}

void ReduceLROnPlateau::on_train_begin(Sequential&) {
  best_ = maximize_ ? -INFINITY : INFINITY;
  wait_ = cooldown_counter_ = reductions_ = 0;
}

void ReduceLROnPlateau::on_epoch_end(int, const Logs& logs, Sequential& model) {
  const double current = monitored("ReduceLROnPlateau", config_.monitor, logs);
  if (cooldown_counter_ > 0) {
    --cooldown_counter_;
    wait_ = 0;
  }
  const bool improved = maximize_ ? current > best_ + config_.min_delta : current < best_ - config_.min_delta;
  if (improved) {
    best_ = current;
    wait_ = 0;
    return;
  }
  // (Keras asks "in cooldown?" again after the decrement: the epoch that ends it counts.)
  if (cooldown_counter_ > 0 || ++wait_ < config_.patience) return;
  Optimizer* optimizer = model.optimizer();
  check(optimizer != nullptr, "ReduceLROnPlateau: the model is not compiled");
  // Keras compares with min_lr in float32, the precision the update uses.
  const double lr = optimizer->learning_rate();
  if (static_cast<float>(lr) > static_cast<float>(config_.min_lr)) {
    optimizer->set_learning_rate(std::max(lr * config_.factor, config_.min_lr));
    cooldown_counter_ = config_.cooldown;
    wait_ = 0;
    ++reductions_;
  }
}

// ---- ModelCheckpoint ----

ModelCheckpoint::ModelCheckpoint(std::string filepath, ModelCheckpointConfig config)
    : filepath_(std::move(filepath)),
      config_(std::move(config)),
      maximize_(maximizes("ModelCheckpoint", config_.monitor, config_.mode)) {
  check(!filepath_.empty(), "ModelCheckpoint: empty file path");
}

void ModelCheckpoint::on_train_begin(Sequential&) { have_best_ = false; }

void ModelCheckpoint::on_epoch_end(int epoch, const Logs& logs, Sequential& model) {
  if (config_.save_best_only) {
    const double current = monitored("ModelCheckpoint", config_.monitor, logs);
    const bool improved = !have_best_ || (maximize_ ? current > best_ : current < best_);
    if (!improved) return;
    have_best_ = true;
    best_ = current;
  }
  std::string path = filepath_;
  const std::string mark = "{epoch}";
  if (const size_t at = path.find(mark); at != std::string::npos)
    path.replace(at, mark.size(), std::to_string(epoch + 1));
  model.save(path);
  ++saves_;
}

// ---- TerminateOnNaN ----

void TerminateOnNaN::on_batch_end(int batch, const Logs& logs, Sequential& model) {
  const auto it = logs.find("loss");
  if (it == logs.end() || std::isfinite(it->second)) return;
  model.stop_training("TerminateOnNaN: loss is " + std::to_string(it->second) + " at batch " +
                      std::to_string(batch + 1) + " of epoch " +
                      std::to_string(model.epochs_trained() + 1));
}

// ---- CSVLogger ----

CSVLogger::CSVLogger(std::string filename, char separator, bool append)
    : filename_(std::move(filename)), separator_(separator), append_(append) {}

void CSVLogger::on_train_begin(Sequential&) {
  bool has_rows = false;
  if (append_) {
    std::ifstream existing(filename_);
    has_rows = existing.good() && existing.peek() != std::ifstream::traits_type::eof();
  }
  out_.open(filename_, append_ ? std::ios::app : std::ios::trunc);
  check(out_.good(), "CSVLogger: cannot write '" + filename_ + "'");
  keys_.clear();
  if (has_rows) keys_.push_back("");  // the header is already there
}

void CSVLogger::on_epoch_end(int epoch, const Logs& logs, Sequential&) {
  if (keys_.empty() || (keys_.size() == 1 && keys_[0].empty())) {
    const bool write_header = keys_.empty();
    keys_.clear();
    for (const auto& [key, value] : logs) keys_.push_back(key);  // std::map: sorted
    if (write_header) {
      out_ << "epoch";
      for (const auto& key : keys_) out_ << separator_ << key;
      out_ << "\n";
    }
  }
  out_ << epoch;
  for (const auto& key : keys_) {
    const auto it = logs.find(key);
    char number[40] = "";
    if (it != logs.end()) std::snprintf(number, sizeof number, "%.10g", it->second);
    out_ << separator_ << number;
  }
  out_ << "\n";
  out_.flush();
}

void CSVLogger::on_train_end(const Logs&, Sequential&) { out_.close(); }

// ---- LambdaCallback ----

void LambdaCallback::on_train_begin(Sequential& model) {
  if (config_.on_train_begin) config_.on_train_begin(model);
}
void LambdaCallback::on_epoch_begin(int epoch, Sequential& model) {
  if (config_.on_epoch_begin) config_.on_epoch_begin(epoch, model);
}
void LambdaCallback::on_batch_end(int batch, const Logs& logs, Sequential& model) {
  if (config_.on_batch_end) config_.on_batch_end(batch, logs, model);
}
void LambdaCallback::on_epoch_end(int epoch, const Logs& logs, Sequential& model) {
  if (config_.on_epoch_end) config_.on_epoch_end(epoch, logs, model);
}
void LambdaCallback::on_train_end(const Logs& logs, Sequential& model) {
  if (config_.on_train_end) config_.on_train_end(logs, model);
}

}  // namespace tunet::nn
