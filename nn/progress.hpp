#pragma once
// Progress: Keras-like training output.
//
//   Epoch 3/9
//   1875/1875 [==============================] - 2s - loss: 0.4100 - accuracy: 0.8700 - val_loss: 0.3900 - val_accuracy: 0.8800
//
// verbose 0: nothing. verbose 1: on a terminal a live bar redrawn in place
// (with an ETA while it runs); elsewhere (a log file, a pipe) only the final
// line of each epoch. verbose 2: the final line of each epoch without the bar.
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "nn/callback.hpp"

namespace tunet::nn {

// "loss: 0.4100 - accuracy: 0.8700 - val_loss: ..." in Keras's order: the loss,
// the metrics, then the validation values.
std::string format_logs(const Logs& logs);

// The 30-character bar for step of steps: "[=========>....................]".
std::string progress_bar(int64_t step, int64_t steps);

class Progress {
 public:
  // Writes to std::cout; `terminal` decides between the live bar and plain lines.
  explicit Progress(int verbose);
  Progress(int verbose, std::ostream& out, bool terminal);

  void begin_epoch(int epoch, int epochs, int64_t steps);  // epoch counted from 0
  void update(int64_t step, const Logs& logs);             // after step (1-based) of steps
  void end_epoch(const Logs& logs);

 private:
  using Clock = std::chrono::steady_clock;
  int verbose_;
  std::ostream& out_;
  bool terminal_;
  int64_t steps_ = 0;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  size_t last_width_ = 0;
};

}  // namespace tunet::nn
