#include "tuner/space/space.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"

namespace tunet::tuner {

namespace {

std::string num(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

bool is_integral(double x) { return std::isfinite(x) && x == std::floor(x); }

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
      check(is_number(value), what + " is not a number (expected a real in [" + num(low_) + ", " +
                                  num(high_) + "])");
      double x = as_number(value);
      check(x >= low_ && x <= high_,
            what + " is out of its range [" + num(low_) + ", " + num(high_) + "]");
      return x;
    }
    case DimensionKind::Integer: {
      check(is_number(value) && is_integral(as_number(value)),
            what + " is not an integer (expected an integer in [" + num(low_) + ", " + num(high_) + "])");
      double x = as_number(value);
      check(x >= low_ && x <= high_,
            what + " is out of its range [" + num(low_) + ", " + num(high_) + "]");
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

Json Dimension::to_json() const {
  Json j = Json::object();
  j["type"] = kind_name(kind_);
  switch (kind_) {
    case DimensionKind::Real:
      j["low"] = low_;
      j["high"] = high_;
      j["prior"] = is_log() ? "log-uniform" : "uniform";
      break;
    case DimensionKind::Integer:
      j["low"] = static_cast<std::int64_t>(low_);
      j["high"] = static_cast<std::int64_t>(high_);
      j["log"] = is_log();
      break;
    case DimensionKind::Categorical: {
      Json values = Json::array();
      for (const Value& v : values_) values.push_back(value_to_json(v));
      j["values"] = values;
      break;
    }
    case DimensionKind::Fixed: j["value"] = value_to_json(values_.front()); break;
  }
  if (condition_) {
    Json c = Json::object();
    c["param"] = condition_->parent;
    if (!condition_->values.empty()) {
      Json values = Json::array();
      for (const Value& v : condition_->values) values.push_back(value_to_json(v));
      c["values"] = values;
    }
    if (condition_->at_least) c["at_least"] = *condition_->at_least;
    if (condition_->at_most) c["at_most"] = *condition_->at_most;
    j["active_if"] = c;
  }
  return j;
}

Dimension Dimension::from_json(const std::string& name, const Json& json) {
  const std::string path = field_path("space", name);
  auto values_at = [](const Json& list, const std::string& at) {
    require_array(list, at);
    std::vector<Value> v;
    for (size_t i = 0; i < list.size(); ++i) v.push_back(scalar_value(list[i], element_path(at, i)));
    return v;
  };
  try {
    if (json.is_array()) return Categorical(name, values_at(json, path));
    if (!json.is_object()) return Fixed(name, scalar_value(json, path));

    check_fields(json, path, {"type", "distribution", "low", "high", "args", "prior", "log", "values", "value",
                              "active_if"});
    std::string type = json.contains("type")           ? string_value(json.at("type"), path + ".type")
                       : json.contains("distribution") ? string_value(json.at("distribution"), path + ".distribution")
                                                       : "";
    check(!type.empty(), path + ": missing \"type\" (real, integer, choice, fixed; or uniform, log-uniform)");

    auto bounds = [&]() -> std::pair<double, double> {
      if (json.contains("args")) {
        const Json& a = json.at("args");
        if (!a.is_array() || a.size() != 2) field_error(path + ".args", "[low, high]", a);
        return {number_value(a[0], path + ".args[0]"), number_value(a[1], path + ".args[1]")};
      }
      check(json.contains("low") && json.contains("high"), path + ": a " + type + " needs \"low\" and \"high\"");
      return {number_value(json.at("low"), path + ".low"), number_value(json.at("high"), path + ".high")};
    };
    auto prior_name = [&] {
      const std::string p = string_value(json.at("prior"), path + ".prior");
      if (p != "uniform" && p != "log-uniform" && p != "loguniform")
        field_error(path + ".prior", "uniform or log-uniform", json.at("prior"));
      return p;
    };

    Dimension dim = [&]() -> Dimension {
      if (type == "real" || type == "float" || type == "uniform" || type == "log-uniform" ||
          type == "loguniform") {
        Prior prior = (type == "log-uniform" || type == "loguniform" || bool_or(json, "log", false, path))
                          ? Prior::LogUniform
                          : Prior::Uniform;
        if (json.contains("prior")) prior = prior_name() == "uniform" ? Prior::Uniform : Prior::LogUniform;
        auto [lo, hi] = bounds();
        return Real(name, lo, hi, prior);
      }
      if (type == "integer" || type == "int") {
        auto [lo, hi] = bounds();
        // (the int64 range, and exact in a double: beyond 2^53 integers are not all representable)
        constexpr double kLargest = 9007199254740992.0;
        check(is_integral(lo) && is_integral(hi) && std::abs(lo) <= kLargest && std::abs(hi) <= kLargest,
              path + ": integer bounds must be whole numbers within +-2^53, got [" + num(lo) + ", " + num(hi) + "]");
        bool log = bool_or(json, "log", false, path) || (json.contains("prior") && prior_name() != "uniform");
        return Integer(name, static_cast<std::int64_t>(lo), static_cast<std::int64_t>(hi), log);
      }
      if (type == "choice" || type == "categorical") {
        const char* key = json.contains("values") ? "values" : "args";
        check(json.contains(key), path + ": a choice needs \"values\": [...]");
        Json values = json.at(key);
        if (values.is_array() && values.size() == 1 && values[0].is_array()) values = values[0];  // Hobbit: [(a, b)]
        return Categorical(name, values_at(values, path + "." + key));
      }
      if (type == "fixed" || type == "constant") {
        require_field(json, "value", path);
        return Fixed(name, scalar_value(json.at("value"), path + ".value"));
      }
      field_error(path + ".type", "real, integer, choice, fixed (or Hobbit's uniform, log-uniform)", type);
    }();

    if (json.contains("active_if")) {
      const std::string at = path + ".active_if";
      const Json& c = json.at("active_if");
      require_object(c, at);
      check_fields(c, at, {"param", "values", "at_least", "at_most"});
      require_field(c, "param", at);
      const std::string parent = string_value(c.at("param"), at + ".param");
      if (c.contains("values")) {
        dim = dim.active_if(parent, values_at(c.at("values"), at + ".values"));
      } else {
        check(c.contains("at_least") || c.contains("at_most"),
              at + ": needs \"values\", \"at_least\" or \"at_most\"");
        dim = dim.active_if_at_least(parent, number_or(c, "at_least", -HUGE_VAL, at));
        if (c.contains("at_most")) dim.condition_->at_most = number_value(c.at("at_most"), at + ".at_most");
        if (!c.contains("at_least")) dim.condition_->at_least.reset();
      }
    }
    return dim;
  } catch (const Error& e) {
    // The constructors say "hyperparameter 'name': ..."; the path says it better.
    const std::string message = e.what();
    const std::string own = "hyperparameter '" + name + "': ";
    if (message.rfind(own, 0) == 0) throw Error(path + ": " + message.substr(own.size()));
    if (message.rfind(path, 0) == 0) throw;
    throw Error(path + ": " + message);
  }
}

// ---- the four kinds ------------------------------------------------------------

Real::Real(std::string name, double low, double high, Prior prior)
    : Dimension(std::move(name), DimensionKind::Real) {
  check(std::isfinite(low) && std::isfinite(high),
        "hyperparameter '" + name_ + "': bounds must be finite, got [" + num(low) + ", " + num(high) + "]");
  check(low < high, "hyperparameter '" + name_ + "': low must be < high, got [" + num(low) + ", " +
                        num(high) + "]");
  check(std::isfinite(high - low), "hyperparameter '" + name_ + "': the range [" + num(low) + ", " + num(high) +
                                       "] is too wide (high - low overflows)");
  check(prior == Prior::Uniform || low > 0, "hyperparameter '" + name_ +
                                                "': a log-uniform prior needs low > 0, got low = " + num(low));
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
  std::string names;
  for (const Dimension& d : dims_) names += (names.empty() ? "" : ", ") + d.name();
  throw Error("unknown hyperparameter '" + name + "' (the space has: " + names + ")");
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

bool Space::is_finite() const {
  return std::none_of(dims_.begin(), dims_.end(),
                      [](const Dimension& d) { return d.kind() == DimensionKind::Real; });
}

std::vector<Params> Space::enumerate(size_t limit) const {
  check(is_finite(), "the space has real-valued dimensions: its configurations cannot be enumerated");
  std::vector<std::vector<Value>> values;
  for (const Dimension& d : dims_) {
    if (d.kind() != DimensionKind::Integer) {
      values.push_back(d.values());
      continue;
    }
    check(d.high() - d.low() < static_cast<double>(limit),
          "hyperparameter '" + d.name() + "' has too many values to enumerate");
    std::vector<Value> ints;
    for (auto k = static_cast<std::int64_t>(d.low()); k <= static_cast<std::int64_t>(d.high()); ++k)
      ints.emplace_back(k);
    values.push_back(std::move(ints));
  }
  return product(*this, values, limit);
}

std::vector<Params> product(const Space& space, const std::vector<std::vector<Value>>& values,
                            size_t limit) {
  const auto& dims = space.dimensions();
  check(values.size() == dims.size(), "product: one value list per dimension expected");
  double count = 1;
  for (const auto& v : values) {
    check(!v.empty(), "product: an empty value list");
    count *= static_cast<double>(v.size());
  }
  check(count <= static_cast<double>(limit),
        "the grid holds " + num(count) + " combinations, more than the limit " + std::to_string(limit));

  std::vector<Params> out;
  std::set<std::string> seen;
  std::vector<size_t> index(dims.size(), 0);  // odometer, last dimension fastest
  while (true) {
    Params p;
    for (size_t k = 0; k < dims.size(); ++k)
      if (space.is_active(dims[k], p)) p.set(dims[k].name(), values[k][index[k]]);
    if (seen.insert(p.key()).second) out.push_back(std::move(p));
    size_t k = dims.size();
    while (k > 0) {
      --k;
      if (++index[k] < values[k].size()) break;
      index[k] = 0;
      if (k == 0) return out;
    }
    if (dims.empty()) return out;
  }
}

Json Space::to_json() const {
  Json j = Json::object();
  for (const Dimension& d : dims_) j[d.name()] = d.to_json();
  return j;
}

Space Space::from_json(const Json& json) {
  if (!json.is_object() || json.empty())
    field_error("space", "an object of hyperparameters {\"name\": {\"type\": ...}, ...}", json);
  Space space;
  for (const auto& [name, spec] : json.items()) {
    Dimension d = Dimension::from_json(name, spec);
    try {
      space.add(std::move(d));
    } catch (const Error& e) {
      throw Error(field_path("space", name) + ": " + e.what());
    }
  }
  return space;
}

}  // namespace tunet::tuner
