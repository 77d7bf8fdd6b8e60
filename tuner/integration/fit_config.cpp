#include "tuner/integration/fit_config.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/config/search_config.hpp"

namespace tunet::tuner {

namespace {

bool is_reference(const Json& v) {
  return v.is_string() && v.get<std::string>().size() > 1 && v.get<std::string>()[0] == '$';
}

// "$name" of an integer hyperparameter: its name, checked against the space;
// with the range of values it can take.
std::string integer_reference(const Json& v, const Space& space, const std::string& path, int64_t low,
                              int64_t* largest) {
  const std::string name = v.get<std::string>().substr(1);
  const Dimension* d = space.find(name);
  if (!d) throw Error(path + ": unknown hyperparameter reference '$" + name + "' " + space.unknown_name_hint(name));
  std::vector<double> values;
  if (d->kind() == DimensionKind::Integer) values = {d->low(), d->high()};
  for (const Value& x : d->values()) {
    if (!std::holds_alternative<std::int64_t>(x))
      throw Error(path + ": '$" + name + "' must be an integer hyperparameter (its values include " + to_string(x) +
                  ")");
    values.push_back(static_cast<double>(std::get<std::int64_t>(x)));
  }
  if (values.empty()) throw Error(path + ": '$" + name + "' must be an integer hyperparameter");
  for (double x : values)
    if (x < static_cast<double>(low))
      throw Error(path + ": '$" + name + "' can be " + std::to_string(static_cast<int64_t>(x)) + "; it must be >= " +
                  std::to_string(low));
  if (largest) *largest = static_cast<int64_t>(*std::max_element(values.begin(), values.end()));
  return name;
}

int64_t integer_of(const Params& hp, const std::string& name, const char* what) {
  check(hp.has(name), std::string("fit.") + what + ": hyperparameter '" + name + "' is not active in " + to_string(hp));
  const Value& v = hp.at(name);
  check(std::holds_alternative<std::int64_t>(v), std::string("fit.") + what + ": '" + name + "' is not an integer");
  return std::get<std::int64_t>(v);
}

}  // namespace

int64_t FitSettings::batch_size_of(const Params& hp) const {
  return batch_size_reference.empty() ? batch_size : integer_of(hp, batch_size_reference, "batch_size");
}

int FitSettings::epochs_of(const Params& hp) const {
  return epochs_reference.empty() ? epochs : static_cast<int>(integer_of(hp, epochs_reference, "epochs"));
}

std::vector<std::string> FitSettings::references() const {
  std::vector<std::string> names;
  for (const std::string* n : {&batch_size_reference, &epochs_reference})
    if (!n->empty()) names.push_back(*n);
  return names;
}

FitSettings parse_fit(const Json& fit, const Space& space) {
  FitSettings f;
  if (fit.is_null()) return f;
  require_object(fit, "fit");
  check_fields(fit, "fit", {"batch_size", "epochs", "steps_per_epoch", "validation_steps"});
  if (fit.contains("batch_size") && is_reference(fit.at("batch_size")))
    f.batch_size_reference = integer_reference(fit.at("batch_size"), space, "fit.batch_size", 1, nullptr);
  else f.batch_size = integer_or(fit, "batch_size", 128, "fit", 1, 1 << 24);
  if (fit.contains("epochs")) {
    int64_t largest = 0;
    if (is_reference(fit.at("epochs"))) {
      f.epochs_reference = integer_reference(fit.at("epochs"), space, "fit.epochs", 1, &largest);
      f.epochs = static_cast<int>(std::min<int64_t>(largest, 1'000'000));
    } else {
      f.epochs = static_cast<int>(integer_or(fit, "epochs", 1, "fit", 1, 1'000'000));
    }
  }
  f.steps_per_epoch = integer_or(fit, "steps_per_epoch", 0, "fit", 0, 1 << 30);
  f.validation_steps = integer_or(fit, "validation_steps", 0, "fit", 0, 1 << 30);
  check(f.steps_per_epoch == 0 || f.batch_size_reference.empty(),
        "fit.batch_size: a hyperparameter needs whole passes over the arrays (generators with steps_per_epoch fix "
        "their batch size once)");
  return f;
}

Json search_with_fit_epochs(const Json& search, const FitSettings& fit) {
  if (fit.epochs == 0) return search;
  const std::string name = search.is_object() ? search.value("algorithm", "") : "";
  if (const SearchAlgorithm* algorithm = find_search_algorithm(name); algorithm && !algorithm->sets_epochs.empty())
    throw Error("fit.epochs: " + algorithm->sets_epochs + "; remove fit.epochs");
  Json out = search;
  if (!out.is_object() || !out.contains("epochs")) {
    out["epochs"] = fit.epochs;
  } else if (fit.epochs_reference.empty()) {
    const int64_t given = integer_value(out.at("epochs"), "search.epochs", 1);
    check(given == fit.epochs, "fit.epochs (" + std::to_string(fit.epochs) + ") and search.epochs (" +
                                   std::to_string(given) + ") disagree: give one of them");
  } else {
    const int64_t given = integer_value(out.at("epochs"), "search.epochs", 1);
    check(given >= fit.epochs, "search.epochs (" + std::to_string(given) + ") is below the largest value of $" +
                                   fit.epochs_reference + " (" + std::to_string(fit.epochs) +
                                   "): no trial could train that long");
  }
  return out;
}

ObjectiveSettings parse_objective(const Json& search) {
  ObjectiveSettings o;
  if (!search.is_object() || !search.contains("objective")) return o;
  const Json& v = search.at("objective");
  if (v.is_object()) {
    check_fields(v, "search.objective", {"name", "mode"});
    o.name = string_or(v, "name", "val_loss", "search.objective");
    const std::string mode = string_or(v, "mode", "best", "search.objective");
    if (mode != "best" && mode != "last") field_error("search.objective.mode", "best or last", v.at("mode"));
    o.mode = mode_from_name(mode);
  } else {
    o.name = string_value(v, "search.objective");
  }
  if (o.name.rfind("val_", 0) != 0 && o.name != "loss" && o.name != "accuracy")
    field_error(v.is_object() ? "search.objective.name" : "search.objective",
                "a metric such as val_loss or val_accuracy", v.is_object() ? v.at("name") : v);
  return o;
}

void check_every_dimension_used(const Space& space, const std::vector<std::string>& references) {
  std::set<std::string> used(references.begin(), references.end());
  for (const Dimension& d : space)
    if (d.condition()) used.insert(d.condition()->parent);
  for (const Dimension& d : space)
    if (!used.count(d.name()))
      throw Error("space." + d.name() + ": the hyperparameter '" + d.name() +
                  "' is used nowhere (not in the model, compile or fit, nor in a condition): the search would "
                  "sample it, model it and ignore it. Refer to it as \"$" + d.name() + "\" or remove it");
}

}  // namespace tunet::tuner
