#pragma once
// ModelConfig: a model written as JSON whose fields may name hyperparameters,
// turned into a compiled nn::Sequential for each configuration. This is how
// `tunet tune CONFIG.json` describes models (and a model function in C++ can
// use it too).
//
//   "model": [
//     {"layer": "dropout", "rate": "$dropout", "input_shape": [784]},
//     {"repeat": "$layers", "layers": [
//        {"layer": "dense", "units": "$units_{i}", "activation": "$activation"}]},
//     {"layer": "dense", "units": 10, "activation": "softmax"}
//   ],
//   "compile": {"optimizer": {"name": "$optimizer", "learning_rate": "$learning_rate"},
//               "loss": "categorical_crossentropy", "metrics": ["accuracy"]}
//
// - A string "$name" is the value of hyperparameter `name`; inside a "repeat"
//   block "{i}" is the repetition (1, 2, ...), so "$units_{i}" names units_1,
//   units_2... "repeat" is a count or "$name" of an integer hyperparameter.
// - Layer types and fields are nn::make_layer's (nn/layer_factory.hpp);
//   "input_shape" on the first layer sets the model's input, else the data's.
// - The optimizer is a name ("adam", "$optimizer") or an object with "name"
//   and numeric settings (nn::make_optimizer's, Keras's names). Its
//   learning_rate may be a schedule (nn/lr_schedule.hpp), any field "$name":
//     "learning_rate": {"type": "exponential_decay", "initial_learning_rate": "$learning_rate",
//                       "decay_steps": 100, "decay_rate": 0.5}
// Construction checks every reference against the space (an unknown name is
// an Error listing the layer and the field), each layer's fields against its
// type's registration (nn/layer_factory.hpp: an unknown field names the
// nearest known one, "model[1]: unknown field 'unit' (did you mean
// 'units'?)", and a value of the wrong kind is refused, "model[1].units:
// expected an integer, got "100"") and an optimizer's fields against its
// settings; build() checks the values of hyperparameters the same way ("...
// (the value of $units)") and reports nn's errors with the layer's JSON path.
#include <cstdint>
#include <string>
#include <vector>

#include "core/shape.hpp"
#include "nn/sequential.hpp"
#include "tuner/config/json.hpp"
#include "tuner/space/space.hpp"

namespace tunet::tuner {

class ModelConfig {
 public:
  // `input_shape`: one sample's shape, used unless the first layer gives "input_shape".
  ModelConfig(Json layers, Json compile, const Space& space, Shape input_shape);

  nn::Sequential build(const Params& hp, uint64_t seed) const;

  // Every hyperparameter name the model refers to (after expanding {i}).
  const std::vector<std::string>& references() const { return references_; }
  const Shape& input_shape() const { return input_shape_; }

 private:
  Json layers_;
  Json compile_;
  Shape input_shape_;
  std::vector<std::string> references_;
};

}  // namespace tunet::tuner
