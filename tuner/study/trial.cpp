#include "tuner/study/trial.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace tunet::tuner {

const char* status_name(TrialStatus status) {
  switch (status) {
    case TrialStatus::Running: return "running";
    case TrialStatus::Completed: return "completed";
    case TrialStatus::Failed: return "failed";
    case TrialStatus::Pruned: return "pruned";
    case TrialStatus::Infeasible: return "infeasible";
  }
  return "?";
}

TrialStatus status_from_name(const std::string& name) {
  for (TrialStatus s : {TrialStatus::Running, TrialStatus::Completed, TrialStatus::Failed, TrialStatus::Pruned,
                        TrialStatus::Infeasible})
    if (name == status_name(s)) return s;
  throw Error("unknown trial status '" + name + "' (expected running, completed, failed, pruned, infeasible)");
}

const char* direction_name(Direction direction) {
  return direction == Direction::Minimize ? "minimize" : "maximize";
}

Direction direction_from_name(const std::string& name) {
  if (name == "minimize" || name == "min") return Direction::Minimize;
  if (name == "maximize" || name == "max") return Direction::Maximize;
  throw Error("unknown direction '" + name + "' (expected minimize or maximize)");
}

const char* mode_name(ObjectiveMode mode) { return mode == ObjectiveMode::Best ? "best" : "last"; }

ObjectiveMode mode_from_name(const std::string& name) {
  if (name == "best") return ObjectiveMode::Best;
  if (name == "last") return ObjectiveMode::Last;
  throw Error("unknown objective mode '" + name + "' (expected best or last)");
}

std::vector<double> EpochRecord::fold_values(const std::string& name) const {
  std::vector<double> values;
  for (const Metrics& fold : fold_metrics)
    for (const auto& [n, v] : fold)
      if (n == name) values.push_back(v);
  return values;
}

std::optional<double> EpochRecord::metric(const std::string& name) const {
  for (const auto& [n, v] : metrics)
    if (n == name) return v;
  return std::nullopt;
}

std::optional<double> attribute(const Attributes& attributes, const std::string& name) {
  for (const auto& [n, v] : attributes)
    if (n == name) return v;
  return std::nullopt;
}

// Population std over folds (GridSearchCV's std_test_score), from the values
// shifted by the first one: var = (sum d^2 - (sum d)^2 / n) / n with d = v - v_0,
// which is exactly 0 when every fold gives the same value.
double Trial::value_std() const {
  if (fold_values.empty()) return 0;
  const double n = static_cast<double>(fold_values.size());
  double sum = 0, sum_squares = 0;
  for (double v : fold_values) {
    const double d = v - fold_values.front();
    sum += d;
    sum_squares += d * d;
  }
  return std::sqrt(std::max(0.0, (sum_squares - sum * sum / n) / n));
}

}  // namespace tunet::tuner
