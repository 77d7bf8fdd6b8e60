#include "tuner/integration/callback_config.hpp"

#include <memory>
#include <vector>

#include "core/error.hpp"
#include "nn/callbacks.hpp"
#include "tuner/config/json_fields.hpp"

namespace tunet::tuner {

namespace {

using Maker = std::function<std::shared_ptr<nn::Callback>()>;

std::string mode_of(const Json& entry, const std::string& path) {
  const std::string mode = string_or(entry, "mode", "auto", path);
  if (mode != "auto" && mode != "min" && mode != "max") field_error(field_path(path, "mode"), "auto, min or max", entry.at("mode"));
  return mode;
}

Maker parse_one(const Json& entry, const std::string& path) {
  require_object(entry, path);
  require_field(entry, "type", path);
  const std::string type = string_value(entry.at("type"), field_path(path, "type"));
  if (type == "early_stopping") {
    check_fields(entry, path, {"type", "monitor", "min_delta", "patience", "mode", "restore_best_weights"});
    const nn::EarlyStoppingConfig c{.monitor = string_or(entry, "monitor", "val_loss", path),
                                    .min_delta = number_or(entry, "min_delta", 0.0, path),
                                    .patience = static_cast<int>(integer_or(entry, "patience", 0, path, 0, 1 << 20)),
                                    .mode = mode_of(entry, path),
                                    .restore_best_weights = bool_or(entry, "restore_best_weights", false, path)};
    if (c.min_delta < 0) field_error(field_path(path, "min_delta"), "a number >= 0", entry.at("min_delta"));
    return [c] { return std::make_shared<nn::EarlyStopping>(c); };
  }
  if (type == "reduce_lr_on_plateau") {
    check_fields(entry, path, {"type", "monitor", "factor", "patience", "mode", "min_delta", "cooldown", "min_lr"});
    const nn::ReduceLROnPlateauConfig c{.monitor = string_or(entry, "monitor", "val_loss", path),
                                        .factor = number_or(entry, "factor", 0.1, path),
                                        .patience = static_cast<int>(integer_or(entry, "patience", 10, path, 0, 1 << 20)),
                                        .mode = mode_of(entry, path),
                                        .min_delta = number_or(entry, "min_delta", 1e-4, path),
                                        .cooldown = static_cast<int>(integer_or(entry, "cooldown", 0, path, 0, 1 << 20)),
                                        .min_lr = number_or(entry, "min_lr", 0.0, path)};
    if (c.factor < 0 || c.factor >= 1) field_error(field_path(path, "factor"), "a number in [0, 1)", entry.at("factor"));
    for (const char* key : {"min_delta", "min_lr"})
      if (entry.contains(key) && entry.at(key).get<double>() < 0)
        field_error(field_path(path, key), "a number >= 0", entry.at(key));
    return [c] { return std::make_shared<nn::ReduceLROnPlateau>(c); };
  }
  if (type == "terminate_on_nan") {
    check_fields(entry, path, {"type"});
    return [] { return std::make_shared<nn::TerminateOnNaN>(); };
  }
  field_error(field_path(path, "type"), "early_stopping, reduce_lr_on_plateau or terminate_on_nan", entry.at("type"));
}

}  // namespace

CallbackFactory parse_callbacks(const Json& callbacks, const std::string& path) {
  require_array(callbacks, path);
  std::vector<Maker> makers;
  for (size_t i = 0; i < callbacks.size(); ++i) makers.push_back(parse_one(callbacks[i], element_path(path, i)));
  for (const Maker& make : makers) make();  // the callbacks' own checks, now
  return [makers] {
    nn::Callbacks out;
    for (const Maker& make : makers) out.push_back(make());
    return out;
  };
}

}  // namespace tunet::tuner
