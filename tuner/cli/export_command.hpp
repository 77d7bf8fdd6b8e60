#pragma once
// tunet export: a saved model as freestanding C for a microcontroller (nn::export_c).
//   tunet export MODEL.tunet --format c --out DIR [--name NAME]
//                [--int8 --calibration CONFIG_OR_DATA [--calibration-samples N] [--percentile P]]
// writes DIR/NAME.h and DIR/NAME.c (NAME: model), both or neither.
// --int8 quantises after training, as TensorFlow Lite's int8 specification
// does, with activation ranges taken on the calibration set: a tunet JSON
// config (the first N training samples its data section loads, N = 1000 by
// default) or a .npy file of float32 samples (N, *input shape), reshaped to the
// model's input when each sample has as many values.
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace tunet::tuner::cli {

class ExportCommand {
 public:
  // Adds `export` to `app`; the command runs from CLI11's callback and ends
  // the parse with its exit status (an error: one line on stderr, status 1).
  explicit ExportCommand(CLI::App& app);

 private:
  void run() const;

  std::string model_path_, format_ = "c", out_dir_, name_ = "model", calibration_;
  bool int8_ = false;
  int64_t calibration_samples_ = 1000;
  double percentile_ = 100.0;
};

}  // namespace tunet::tuner::cli
