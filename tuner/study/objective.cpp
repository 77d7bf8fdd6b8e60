#include "tuner/study/objective.hpp"

#include <chrono>
#include <cmath>

#include "core/error.hpp"
#include "tuner/storage/atomic_file.hpp"
#include "tuner/storage/crash_point.hpp"

namespace tunet::tuner {

namespace fs = std::filesystem;

std::string checkpoint_file_name(int epoch) { return "epoch-" + std::to_string(epoch) + ".ckpt"; }

fs::path TrialContext::checkpoint_path(int epoch) const { return checkpoint_dir / checkpoint_file_name(epoch); }

void TrialContext::report_epoch(const EpochRecord& record) {
  if (sink_) sink_(record);
}

FunctionObjective::FunctionObjective(Function function, Direction direction, std::string metric)
    : function_(std::move(function)), direction_(direction), metric_(std::move(metric)) {
  check(static_cast<bool>(function_), "FunctionObjective: empty function");
}

Score FunctionObjective::evaluate(const Params& params, TrialContext& ctx) {
  return {function_(params, ctx.budget, ctx), {}};
}

TrainingObjective::TrainingObjective(Factory factory, TrainingOptions options, Json description)
    : factory_(std::move(factory)), options_(std::move(options)), description_(std::move(description)) {
  check(static_cast<bool>(factory_), "TrainingObjective: empty factory");
  check(options_.folds >= 1, "TrainingObjective: folds must be >= 1, got " + std::to_string(options_.folds));
  check(!options_.metric.empty(), "TrainingObjective: the metric to optimise needs a name");
}

Json TrainingObjective::describe() const {
  Json j = description_;
  j["folds"] = options_.folds;
  return j;
}

fs::path TrainingObjective::fold_checkpoint(const fs::path& base, int fold) {
  if (fold == 0) return base;
  fs::path p = base;
  p += ".fold" + std::to_string(fold);
  return p;
}

namespace {

// Fold f's metrics of a recorded epoch; a journal of an older version kept
// only the means, which then stand for every fold.
const Metrics& fold_of(const EpochRecord& r, int f) {
  return static_cast<size_t>(f) < r.fold_metrics.size() ? r.fold_metrics[static_cast<size_t>(f)] : r.metrics;
}

}  // namespace

Score TrainingObjective::evaluate(const Params& params, TrialContext& ctx) {
  const int folds = options_.folds;
  std::vector<std::unique_ptr<TrainingRun>> runs;
  for (int f = 0; f < folds; ++f) {
    runs.push_back(factory_(params, f, ctx));
    check(runs.back() != nullptr, "TrainingObjective: the factory returned no training run");
    if (!ctx.history.empty()) {  // an interrupted trial: its callbacks see its epochs again
      std::vector<Metrics> epochs;
      for (const EpochRecord& r : ctx.history)
        epochs.push_back(folds == 1 ? r.metrics : fold_of(r, f));
      runs.back()->replay(ctx.history.front().epoch - 1, epochs);
    }
    if (!ctx.resume_from.empty()) runs.back()->load(fold_checkpoint(ctx.resume_from, f));
  }
  // Every fold asks to stop (after an epoch, or as its replay ended): training ends.
  auto stop_reason = [&]() -> std::string {
    for (const auto& run : runs)
      if (run->stop_reason().empty()) return "";
    return runs[0]->stop_reason();
  };

  std::vector<double> last(static_cast<size_t>(folds), std::nan(""));
  if (!ctx.history.empty())
    for (int f = 0; f < folds; ++f)
      for (const auto& [name, value] : folds == 1 ? ctx.history.back().metrics : fold_of(ctx.history.back(), f))
        if (name == options_.metric) last[static_cast<size_t>(f)] = value;
  std::string stopped = ctx.history.empty() ? "" : stop_reason();
  fs::create_directories(ctx.checkpoint_dir);
  for (int epoch = ctx.initial_epoch; epoch < ctx.budget && stopped.empty(); ++epoch) {
    auto t0 = std::chrono::steady_clock::now();
    EpochRecord record;
    record.epoch = epoch + 1;
    Metrics& mean = record.metrics;  // metric by metric, the mean over folds
    for (int f = 0; f < folds; ++f) {
      Metrics m = runs[static_cast<size_t>(f)]->train_epoch(epoch);
      bool found = false;
      for (const auto& [name, value] : m) {
        if (name == options_.metric) {
          found = true;
          check(std::isfinite(value), "epoch " + std::to_string(epoch + 1) + ": " + name + " is " +
                                          std::to_string(value) + " (not finite)");
          last[static_cast<size_t>(f)] = value;
        }
        if (f == 0) mean.emplace_back(name, value / folds);
        else
          for (auto& [n, v] : mean)
            if (n == name) v += value / folds;
      }
      if (!found) {
        std::string names;
        for (const auto& [name, value] : m) names += (names.empty() ? "" : ", ") + name;
        throw Error("the training run reported no '" + options_.metric + "' (it reported: " + names + ")");
      }
      if (folds > 1) record.fold_metrics.push_back(std::move(m));
    }
    for (int f = 0; f < folds; ++f)
      write_file_atomically(fold_checkpoint(ctx.checkpoint_path(epoch + 1), f), [&](const fs::path& tmp) {
        runs[static_cast<size_t>(f)]->save(tmp);
        crash_point("checkpoint_write");
      });
    record.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    crash_point("epoch_journal");
    ctx.report_epoch(record);
    stopped = stop_reason();
  }

  Score score;
  score.stop_reason = stopped;
  if (folds == 1) {
    score.value = last[0];
  } else {
    score.folds = last;
    score.value = 0;
    for (double v : last) score.value += v / folds;
  }
  return score;
}

}  // namespace tunet::tuner
