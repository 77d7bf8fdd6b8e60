#include "tuner/plot/dimension_axis.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <utility>

#include "tuner/plot/figure.hpp"

namespace tunet::tuner::plot {

namespace {

constexpr double kPadding = 0.04;        // of the range, on each side
constexpr double kMaxIntegerTicks = 10;  // an integer range this narrow gets a tick per value

std::string tick_label(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return to_string(v);
}

// Ticks of a log10 axis: 1, 2 and 5 times the powers of ten in [low, high]
// when that is at most two decades, the powers of ten alone otherwise.
std::vector<std::pair<std::string, double>> log_ticks(double low, double high) {
  const bool fine = std::log10(high / low) <= 2.0;
  std::vector<std::pair<std::string, double>> ticks;
  for (int e = static_cast<int>(std::floor(std::log10(low))); e <= static_cast<int>(std::ceil(std::log10(high))); ++e) {
    for (double m : fine ? std::vector<double>{1, 2, 5} : std::vector<double>{1}) {
      const double v = m * std::pow(10.0, e);
      if (v < low * (1 - 1e-9) || v > high * (1 + 1e-9)) continue;
      char text[32];
      std::snprintf(text, sizeof text, "%g", v);
      ticks.emplace_back(text, std::log10(v));
    }
  }
  return ticks;
}

}  // namespace

DimensionAxis::DimensionAxis(const Dimension& dimension) : dim_(dimension) {
  if (categorical()) {
    low_ = -0.5;
    high_ = static_cast<double>(dim_.values().size()) - 0.5;
    return;
  }
  const double a = log() ? std::log10(dim_.low()) : dim_.low();
  const double b = log() ? std::log10(dim_.high()) : dim_.high();
  const double pad = (b - a) * kPadding;
  low_ = a - pad;
  high_ = b + pad;
}

double DimensionAxis::csv_value(const Value& value) const {
  if (categorical()) {
    const std::vector<Value>& choices = dim_.values();
    for (size_t k = 0; k < choices.size(); ++k)
      if (choices[k] == value) return static_cast<double>(k);
    return std::numeric_limits<double>::quiet_NaN();
  }
  return is_number(value) ? as_number(value) : std::numeric_limits<double>::quiet_NaN();
}

double DimensionAxis::csv_value(const Params& params) const {
  return params.has(name()) ? csv_value(params.at(name())) : std::numeric_limits<double>::quiet_NaN();
}

double DimensionAxis::coordinate(double value) const { return log() ? std::log10(value) : value; }

std::string DimensionAxis::column(const std::string& csv_column) const {
  return log() ? "(log10(column(" + quoted(csv_column) + ")))" : "(column(" + quoted(csv_column) + "))";
}

std::string DimensionAxis::column() const { return column(name()); }

std::string DimensionAxis::commands(const std::string& axis, bool labels) const {
  std::vector<std::pair<std::string, double>> ticks;  // empty: gnuplot's own
  if (categorical()) {
    for (size_t k = 0; k < dim_.values().size(); ++k) ticks.emplace_back(tick_label(dim_.values()[k]), k);
  } else if (log()) {
    ticks = log_ticks(dim_.low(), dim_.high());
  } else if (dim_.kind() == DimensionKind::Integer && dim_.high() - dim_.low() <= kMaxIntegerTicks) {
    for (double v = dim_.low(); v <= dim_.high(); ++v) ticks.emplace_back(csv_number(v), v);
  }
  std::ostringstream s;
  s << "set " << axis << "range [" << csv_number(low_) << ":" << csv_number(high_) << "]\n";
  if (ticks.empty()) {
    s << "set " << axis << "tics autofreq\n";
    if (!labels) s << "set format " << axis << " ''\n";
  } else {
    s << "set " << axis << "tics (";
    for (size_t k = 0; k < ticks.size(); ++k)
      s << (k ? ", " : "") << quoted(labels ? ticks[k].first : "") << " " << csv_number(ticks[k].second);
    s << ")\n";
  }
  if (labels) s << "set " << axis << "label " << quoted(name()) << "\n";
  else s << "unset " << axis << "label\n";
  return s.str();
}

std::vector<DimensionAxis> plotted_dimensions(const Space& space) {
  std::vector<DimensionAxis> axes;
  for (const Dimension& d : space)
    if (d.kind() != DimensionKind::Fixed) axes.emplace_back(d);
  return axes;
}

}  // namespace tunet::tuner::plot
