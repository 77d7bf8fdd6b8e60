#pragma once
// Callback: hooks Sequential::fit calls while it trains (the ready-made ones
// are in nn/callbacks.hpp).
//
//   struct Printer : nn::Callback {
//     void on_epoch_end(int epoch, const nn::Logs& logs, nn::Sequential&) override {
//       std::cout << epoch << " " << logs.at("loss") << "\n";
//     }
//   };
//   model.fit(x, y, {.epochs = 5, .callbacks = {std::make_shared<Printer>()}});
//
// Epochs are counted from 0 as in Keras (the progress line prints epoch + 1).
// Batch logs hold the running means of the epoch so far ("loss", "accuracy");
// epoch logs add the validation values ("val_loss", "val_accuracy"). A
// callback ends training with model.stop_training(reason).
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tunet::nn {

class Sequential;

using Logs = std::map<std::string, double>;

class Callback {
 public:
  virtual ~Callback() = default;
  virtual void on_train_begin(Sequential& model) { (void)model; }
  virtual void on_epoch_begin(int epoch, Sequential& model) { (void)epoch, (void)model; }
  virtual void on_batch_end(int batch, const Logs& logs, Sequential& model) {
    (void)batch, (void)logs, (void)model;
  }
  virtual void on_epoch_end(int epoch, const Logs& logs, Sequential& model) {
    (void)epoch, (void)logs, (void)model;
  }
  virtual void on_train_end(const Logs& logs, Sequential& model) { (void)logs, (void)model; }
};

using Callbacks = std::vector<std::shared_ptr<Callback>>;

}  // namespace tunet::nn
