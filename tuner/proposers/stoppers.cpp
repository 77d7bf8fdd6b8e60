#include "tuner/proposers/stoppers.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <string>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"

namespace tunet::tuner {

DeltaYStopper::DeltaYStopper(double delta, int n_best) : delta_(delta), n_best_(n_best) {
  check(std::isfinite(delta) && delta > 0, "DeltaYStopper: delta must be > 0, got " + std::to_string(delta));
  check(n_best >= 1, "DeltaYStopper: n_best must be >= 1, got " + std::to_string(n_best));
}

bool DeltaYStopper::operator()(const std::vector<double>& func_vals) const {
  std::vector<double> ok;
  for (double y : func_vals)
    if (std::isfinite(y)) ok.push_back(y);
  if (static_cast<int>(ok.size()) < n_best_) return false;
  std::partial_sort(ok.begin(), ok.begin() + n_best_, ok.end());
  return std::abs(ok[n_best_ - 1] - ok[0]) < delta_;
}

double DeadlineStopper::steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

DeadlineStopper::DeadlineStopper(double total_time, Clock clock)
    : total_time_(total_time), clock_(std::move(clock)) {
  check(std::isfinite(total_time) && total_time > 0,
        "DeadlineStopper: total_time must be > 0 seconds, got " + std::to_string(total_time));
  check(static_cast<bool>(clock_), "DeadlineStopper: the clock is empty");
  last_ = clock_();
}

bool DeadlineStopper::operator()(const std::vector<double>& func_vals) {
  const double now = clock_();
  iter_time_.push_back(now - last_);
  last_ = now;
  if (std::none_of(func_vals.begin(), func_vals.end(), [](double y) { return std::isfinite(y); })) return false;
  const double left = total_time_ - std::accumulate(iter_time_.begin(), iter_time_.end(), 0.0);
  return left <= *std::max_element(iter_time_.begin(), iter_time_.end());
}

std::vector<Stopper> stoppers_from_json(const Json& list, const std::string& path) {
  require_array(list, path);
  std::vector<Stopper> stoppers;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = element_path(path, i);
    const Json& item = list[i];
    require_object(item, at);
    require_field(item, "type", at);
    const std::string type = string_value(item.at("type"), field_path(at, "type"));
    if (type == "delta_y") {
      check_fields(item, at, {"type", "delta", "n_best"});
      require_field(item, "delta", at);
      const double delta = number_value(item.at("delta"), field_path(at, "delta"));
      if (!(delta > 0)) field_error(field_path(at, "delta"), "a number > 0", item.at("delta"));
      stoppers.push_back(DeltaYStopper(delta, static_cast<int>(integer_or(item, "n_best", 5, at, 1, 1'000'000))));
    } else if (type == "deadline") {
      check_fields(item, at, {"type", "total_time"});
      require_field(item, "total_time", at);
      const double seconds = number_value(item.at("total_time"), field_path(at, "total_time"));
      if (!(seconds > 0)) field_error(field_path(at, "total_time"), "a number of seconds > 0", item.at("total_time"));
      stoppers.push_back(DeadlineStopper(seconds));
    } else {
      field_error(field_path(at, "type"), "delta_y or deadline", item.at("type"));
    }
  }
  return stoppers;
}

}  // namespace tunet::tuner
