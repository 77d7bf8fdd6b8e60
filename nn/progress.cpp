// Keras-like progress output for Sequential::fit.
#include "nn/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <vector>

namespace tunet::nn {

namespace {

constexpr int kBarWidth = 30;
constexpr double kRedrawSeconds = 0.1;

// Keras's order: loss first, then metrics, then the validation values likewise.
int rank(const std::string& key) {
  const bool val = key.rfind("val_", 0) == 0;
  const std::string base = val ? key.substr(4) : key;
  return (val ? 2 : 0) + (base == "loss" ? 0 : 1);
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0fs", seconds);
  return text;
}

}  // namespace

std::string format_logs(const Logs& logs) {
  std::vector<std::pair<std::string, double>> items(logs.begin(), logs.end());
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
  std::string text;
  for (const auto& [key, value] : items) {
    char number[32];
    std::snprintf(number, sizeof number, "%.4f", value);
    text += (text.empty() ? "" : " - ") + key + ": " + number;
  }
  return text;
}

std::string progress_bar(int64_t step, int64_t steps) {
  // Keras: (filled - 1) '=', then '>' while running or '=' when done, then '.'.
  const int64_t filled = steps > 0 ? std::min<int64_t>(kBarWidth, kBarWidth * step / steps) : kBarWidth;
  std::string bar = "[";
  if (filled > 0) {
    bar.append(static_cast<size_t>(filled - 1), '=');
    bar += step < steps ? '>' : '=';
  }
  bar.append(static_cast<size_t>(kBarWidth - filled), '.');
  return bar + "]";
}

Progress::Progress(int verbose) : Progress(verbose, std::cout, isatty(STDOUT_FILENO) != 0) {}

Progress::Progress(int verbose, std::ostream& out, bool terminal)
    : verbose_(verbose), out_(out), terminal_(terminal) {}

void Progress::begin_epoch(int epoch, int epochs, int64_t steps) {
  steps_ = steps;
  start_ = last_draw_ = Clock::now();
  last_width_ = 0;
  if (verbose_ == 0) return;
  out_ << "Epoch " << epoch + 1 << "/" << epochs << "\n";
  out_.flush();
}

void Progress::update(int64_t step, const Logs& logs) {
  if (verbose_ != 1 || !terminal_ || step >= steps_) return;
  const auto now = Clock::now();
  if (std::chrono::duration<double>(now - last_draw_).count() < kRedrawSeconds) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double eta = elapsed / double(step) * double(steps_ - step);
  const std::string width = std::to_string(steps_);
  std::string count = std::to_string(step);
  count.insert(0, width.size() - std::min(width.size(), count.size()), ' ');
  std::string line = count;
  line.append("/").append(width).append(" ").append(progress_bar(step, steps_));
  line.append(" - ETA: ").append(seconds_text(eta)).append(" - ").append(format_logs(logs));
  const size_t length = line.size();
  if (length < last_width_) line.append(last_width_ - length, ' ');
  last_width_ = length;
  out_ << "\r" << line;
  out_.flush();
}

void Progress::end_epoch(const Logs& logs) {
  if (verbose_ == 0) return;
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const std::string steps = std::to_string(steps_);
  std::string line = steps + "/" + steps;
  if (verbose_ == 1) line.append(" ").append(progress_bar(steps_, steps_));
  line.append(" - ").append(seconds_text(elapsed)).append(" - ").append(format_logs(logs));
  if (line.size() < last_width_) line.append(last_width_ - line.size(), ' ');
  if (verbose_ == 1 && terminal_) out_ << "\r";
  out_ << line << "\n";
  out_.flush();
}

}  // namespace tunet::nn
