// The space's JSON form (declared in space.hpp, described there): a
// Dimension and a Space written out, for configs and the journal's header,
// and read back with every field checked and errors naming the parameter
// ("space.learning_rate.low: ..."), Hobbit's spellings included.
#include <cmath>
#include <utility>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/space/numbers.hpp"
#include "tuner/space/space.hpp"

namespace tunet::tuner {

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
              path + ": integer bounds must be whole numbers within +-2^53, got [" + number_text(lo) + ", " +
                  number_text(hi) + "]");
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
