// The space's dimensions and the Space itself (space.hpp): construction with
// its checks, sampling from the priors, membership and coercion of values,
// conditions, and canonical configurations. The JSON form is in
// space_json.cpp, the enumeration of finite spaces in enumeration.cpp.
#include "tuner/space/space.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/closest_name.hpp"
#include "core/error.hpp"
#include "tuner/space/numbers.hpp"

namespace tunet::tuner {

namespace {

// Equality of hyperparameter values, numbers compared by value (1 == 1.0).
bool same_value(const Value& a, const Value& b) {
  if (is_number(a) && is_number(b)) return as_number(a) == as_number(b);
  return a == b;
}

std::string choices_text(const std::vector<Value>& values) {
  std::string text = "{";
  for (size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + to_string(values[i]);
  return text + "}";
}

}  // namespace

const char* kind_name(DimensionKind kind) {
  switch (kind) {
    case DimensionKind::Real: return "real";
    case DimensionKind::Integer: return "integer";
    case DimensionKind::Categorical: return "choice";
    case DimensionKind::Fixed: return "fixed";
  }
  return "?";
}

bool Condition::holds(const Value& parent_value) const {
  if (!values.empty()) {
    return std::any_of(values.begin(), values.end(),
                       [&](const Value& v) { return same_value(v, parent_value); });
  }
  if (!is_number(parent_value)) return false;
  double x = as_number(parent_value);
  if (at_least && x < *at_least) return false;
  if (at_most && x > *at_most) return false;
  return true;
}

// ---- Dimension ---------------------------------------------------------------

Dimension::Dimension(std::string name, DimensionKind kind) : name_(std::move(name)), kind_(kind) {
  check(!name_.empty(), "a hyperparameter needs a name");
}

Dimension Dimension::active_if(const std::string& parent, std::vector<Value> values) const {
  check(!values.empty(), "hyperparameter '" + name_ + "': active_if('" + parent +
                             "') needs at least one value");
  check(parent != name_, "hyperparameter '" + name_ + "' cannot depend on itself");
  Dimension d = *this;
  d.condition_ = Condition{parent, std::move(values), std::nullopt, std::nullopt};
  return d;
}

Dimension Dimension::active_if_at_least(const std::string& parent, double threshold) const {
  check(parent != name_, "hyperparameter '" + name_ + "' cannot depend on itself");
  Dimension d = *this;
  d.condition_ = Condition{parent, {}, threshold, std::nullopt};
  return d;
}

Value Dimension::sample(Rng& rng) const {
  switch (kind_) {
    case DimensionKind::Real: {
      if (!is_log()) return rng.uniform(low_, high_);
      // log-uniform: uniform in [log low, log high), mapped back
      double x = std::exp(rng.uniform(std::log(low_), std::log(high_)));
      return std::clamp(x, low_, high_);
    }
    case DimensionKind::Integer: {
      auto lo = static_cast<std::int64_t>(low_), hi = static_cast<std::int64_t>(high_);
      if (!is_log()) return lo + static_cast<std::int64_t>(rng.below(static_cast<uint64_t>(hi - lo + 1)));
      // uniform over log[low, high + 1), floored: each integer k gets log((k+1)/k)
      double x = std::exp(rng.uniform(std::log(low_), std::log(high_ + 1)));
      return std::clamp(static_cast<std::int64_t>(std::floor(x)), lo, hi);
    }
    case DimensionKind::Categorical: return values_[rng.below(values_.size())];
    case DimensionKind::Fixed: return values_.front();
  }
  return values_.front();
}

bool Dimension::contains(const Value& value) const {
  switch (kind_) {
    case DimensionKind::Real:
      return std::holds_alternative<double>(value) && std::get<double>(value) >= low_ &&
             std::get<double>(value) <= high_;
    case DimensionKind::Integer:
      return std::holds_alternative<std::int64_t>(value) &&
             static_cast<double>(std::get<std::int64_t>(value)) >= low_ &&
             static_cast<double>(std::get<std::int64_t>(value)) <= high_;
    case DimensionKind::Categorical:
    case DimensionKind::Fixed:
      return std::any_of(values_.begin(), values_.end(), [&](const Value& v) { return v == value; });
  }
  return false;
}

Value Dimension::coerce(const Value& value) const {
  const std::string what = "hyperparameter '" + name_ + "' = " + to_string(value);
  switch (kind_) {
    case DimensionKind::Real: {
      check(is_number(value), what + " is not a number (expected a real in [" + number_text(low_) + ", " +
                                  number_text(high_) + "])");
      double x = as_number(value);
      check(x >= low_ && x <= high_,
            what + " is out of its range [" + number_text(low_) + ", " + number_text(high_) + "]");
      return x;
    }
    case DimensionKind::Integer: {
      check(is_number(value) && is_integral(as_number(value)),
            what + " is not an integer (expected an integer in [" + number_text(low_) + ", " +
                number_text(high_) + "])");
      double x = as_number(value);
      check(x >= low_ && x <= high_,
            what + " is out of its range [" + number_text(low_) + ", " + number_text(high_) + "]");
      return static_cast<std::int64_t>(x);
    }
    case DimensionKind::Categorical:
    case DimensionKind::Fixed:
      for (const Value& v : values_)
        if (same_value(v, value)) return v;
      throw Error(what + " is not one of its values " + choices_text(values_));
  }
  return value;
}

std::string Dimension::describe() const {
  std::ostringstream s;
  s << name_ << ": " << kind_name(kind_);
  if (is_numeric()) s << " [" << low_ << ", " << high_ << "]" << (is_log() ? " log-uniform" : "");
  else s << " " << choices_text(values_);
  if (condition_) {
    s << " if " << condition_->parent;
    if (!condition_->values.empty()) s << " in " << choices_text(condition_->values);
    if (condition_->at_least) s << " >= " << *condition_->at_least;
    if (condition_->at_most) s << " <= " << *condition_->at_most;
  }
  return s.str();
}

// ---- the four kinds ------------------------------------------------------------

Real::Real(std::string name, double low, double high, Prior prior)
    : Dimension(std::move(name), DimensionKind::Real) {
  check(std::isfinite(low) && std::isfinite(high),
        "hyperparameter '" + name_ + "': bounds must be finite, got [" + number_text(low) + ", " +
            number_text(high) + "]");
  check(low < high, "hyperparameter '" + name_ + "': low must be < high, got [" + number_text(low) + ", " +
                        number_text(high) + "]");
  check(std::isfinite(high - low), "hyperparameter '" + name_ + "': the range [" + number_text(low) + ", " +
                                       number_text(high) + "] is too wide (high - low overflows)");
  check(prior == Prior::Uniform || low > 0, "hyperparameter '" + name_ +
                                                "': a log-uniform prior needs low > 0, got low = " + number_text(low));
  low_ = low;
  high_ = high;
  prior_ = prior;
}

Integer::Integer(std::string name, std::int64_t low, std::int64_t high, bool log)
    : Dimension(std::move(name), DimensionKind::Integer) {
  check(low < high, "hyperparameter '" + name_ + "': low must be < high, got [" + std::to_string(low) +
                        ", " + std::to_string(high) + "]");
  check(!log || low > 0, "hyperparameter '" + name_ + "': a log scale needs low > 0, got low = " +
                             std::to_string(low));
  low_ = static_cast<double>(low);
  high_ = static_cast<double>(high);
  prior_ = log ? Prior::LogUniform : Prior::Uniform;
}

Categorical::Categorical(std::string name, std::vector<Value> values)
    : Dimension(std::move(name), DimensionKind::Categorical) {
  check(!values.empty(), "hyperparameter '" + name_ + "': a choice needs at least one value");
  for (size_t i = 0; i < values.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      check(!same_value(values[i], values[j]), "hyperparameter '" + name_ + "': value " +
                                                   to_string(values[i]) + " is listed twice");
  values_ = std::move(values);
}

Categorical::Categorical(std::string name, std::initializer_list<const char*> values)
    : Categorical(std::move(name), [&] {
        std::vector<Value> v;
        for (const char* s : values) v.emplace_back(std::string(s));
        return v;
      }()) {}

Fixed::Fixed(std::string name, Value value) : Dimension(std::move(name), DimensionKind::Fixed) {
  values_ = {std::move(value)};
}

// ---- Space -----------------------------------------------------------------------

Space::Space(std::initializer_list<Dimension> dimensions) {
  for (const Dimension& d : dimensions) add(d);
}

Space::Space(std::vector<Dimension> dimensions) {
  for (Dimension& d : dimensions) add(std::move(d));
}

Space& Space::add(Dimension dimension) {
  check(find(dimension.name()) == nullptr,
        "hyperparameter '" + dimension.name() + "' is declared twice in the space");
  if (const auto& c = dimension.condition()) {
    const Dimension* parent = find(c->parent);
    check(parent != nullptr, "hyperparameter '" + dimension.name() + "' is active_if '" + c->parent +
                                 "', which is not declared before it");
    if (c->values.empty())
      check(parent->is_numeric() || std::all_of(parent->values().begin(), parent->values().end(), is_number),
            "hyperparameter '" + dimension.name() + "': at_least needs a numeric parent, '" + c->parent +
                "' is not");
  }
  dims_.push_back(std::move(dimension));
  return *this;
}

const Dimension* Space::find(const std::string& name) const {
  for (const Dimension& d : dims_)
    if (d.name() == name) return &d;
  return nullptr;
}

const Dimension& Space::operator[](const std::string& name) const {
  if (const Dimension* d = find(name)) return *d;
  throw Error("unknown hyperparameter '" + name + "' " + unknown_name_hint(name));
}

std::string Space::unknown_name_hint(const std::string& name) const {
  std::vector<std::string> names;
  for (const Dimension& d : dims_) names.push_back(d.name());
  if (const std::string closest = closest_name(name, names); !closest.empty())
    return "(did you mean '" + closest + "'?)";
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  return "(the space has: " + list + ")";
}

bool Space::is_active(const Dimension& dim, const Params& params) const {
  const auto& c = dim.condition();
  if (!c) return true;
  if (!params.has(c->parent)) return false;  // the parent is itself inactive
  return c->holds(params.at(c->parent));
}

Params Space::sample(Rng& rng) const {
  Params p;
  for (const Dimension& d : dims_)
    if (is_active(d, p)) p.set(d.name(), d.sample(rng));
  return p;
}

Params Space::canonical(const Params& params) const {
  for (const auto& [name, value] : params) (void)(*this)[name];  // unknown names throw
  Params out;
  for (const Dimension& d : dims_) {
    if (!is_active(d, out)) continue;
    check(params.has(d.name()), "hyperparameter '" + d.name() + "' is missing (" + d.describe() + ")");
    out.set(d.name(), d.coerce(params.at(d.name())));
  }
  return out;
}

}  // namespace tunet::tuner
