// The Study's printed lines (progress_printer.hpp): trial starts, epochs,
// outcomes with the best so far and the time left, workers running and lost.
#include "tuner/study/progress_printer.hpp"

#include <cstdio>
#include <ostream>

namespace tunet::tuner {

namespace {

std::string duration_text(double seconds) {
  char buf[64];
  if (seconds < 60) std::snprintf(buf, sizeof buf, "%.0f s", seconds);
  else if (seconds < 3600) std::snprintf(buf, sizeof buf, "%d min %02d s", int(seconds) / 60, int(seconds) % 60);
  else std::snprintf(buf, sizeof buf, "%d h %02d min", int(seconds) / 3600, int(seconds) % 3600 / 60);
  return buf;
}

std::string fmt4(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", x);
  return buf;
}

std::string fmt1(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

}  // namespace

void ProgressPrinter::trial_start(const Trial& t, bool resuming, const std::string& where) {
  if (!out_) return;
  *out_ << "Trial " << t.id;
  if (!where.empty()) *out_ << " on " << where;
  if (t.bracket >= 0) *out_ << " (bracket s=" << t.bracket << ", rung " << t.rung << ")";
  *out_ << ": " << t.params;
  if (t.resumed_from) *out_ << ", continuing trial " << *t.resumed_from << " from epoch " << t.initial_epoch;
  if (resuming) *out_ << ", resuming after an interruption";
  *out_ << std::endl;
}

void ProgressPrinter::epoch(const EpochRecord& r, int budget, int trial) {
  if (!out_) return;
  *out_ << "  ";
  if (trial >= 0) *out_ << "[trial " << trial << "] ";
  *out_ << "Epoch " << r.epoch << "/" << budget;
  for (const auto& [name, value] : r.metrics) *out_ << " - " << name << ": " << fmt4(value);
  *out_ << " - " << fmt1(r.wall_s) << " s" << std::endl;
}

void ProgressPrinter::trial_end(const Trial& t, const std::string& where, const std::string& metric,
                                const Trial* best, double elapsed_s, double seconds_per_unit,
                                std::optional<long> remaining) {
  if (!out_) return;
  *out_ << "  -> ";
  if (!where.empty()) *out_ << "trial " << t.id << " (" << where << ") ";
  *out_ << status_name(t.status);
  if (t.value) *out_ << ", " << metric << " = " << fmt4(*t.value);
  if (!t.fold_values.empty()) *out_ << " (+/- " << fmt4(t.value_std()) << " over " << t.fold_values.size() << " folds)";
  if (t.value_epoch > 0) *out_ << " (epoch " << t.value_epoch << ")";
  if (!t.stop_reason.empty()) *out_ << "; stopped after epoch " << t.last_epoch() << ": " << t.stop_reason;
  if (!t.failure.empty()) *out_ << ": " << t.failure;
  *out_ << " [" << fmt1(t.wall_s) << " s]";
  if (best && best->value) *out_ << "; best so far " << fmt4(*best->value) << " (trial " << best->id << ")";
  *out_ << "; elapsed " << duration_text(elapsed_s);
  if (remaining && seconds_per_unit > 0)
    *out_ << "; Estimated time left: " << duration_text(seconds_per_unit * static_cast<double>(*remaining)) << " ("
          << *remaining << " epochs at " << fmt4(seconds_per_unit) << " s each)";
  *out_ << std::endl;
}

void ProgressPrinter::running(const std::vector<std::pair<int, std::string>>& where) {
  if (!out_ || where.empty()) return;
  *out_ << "  running:";
  for (size_t i = 0; i < where.size(); ++i)
    *out_ << (i ? ", " : " ") << "trial " << where[i].first << (where[i].second.empty() ? "" : " on " + where[i].second);
  *out_ << std::endl;
}

void ProgressPrinter::lost(int trial, const std::string& reason, int attempt, int max_retries) {
  if (!out_) return;
  *out_ << "  -> trial " << trial << " lost: " << reason;
  if (attempt <= max_retries) *out_ << "; retrained from its last checkpoint (retry " << attempt << " of " << max_retries << ")";
  *out_ << std::endl;
}

}  // namespace tunet::tuner
