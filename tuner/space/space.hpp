#pragma once
// The search space: named dimensions, each a Real, Integer, Categorical or
// Fixed hyperparameter, optionally active only for some values of another.
//
//   Space space{
//       Real("learning_rate", 1e-4, 1e-1, Prior::LogUniform),
//       Integer("layers", 1, 3),
//       Integer("units_3", 16, 512, /*log=*/true).active_if_at_least("layers", 3),
//       Categorical("activation", {"sigmoid", "tanh", "relu"}),
//       Real("dropout", 0.0, 0.5),
//       Fixed("batch_size", 128),
//   };
//   Params hp = space.sample(rng);      // units_3 is absent when layers < 3
//
// Constructors validate (low < high, low > 0 for log priors, non-empty and
// distinct choices) and throw tunet::Error naming the dimension. A Space
// checks that names are unique and that a condition's parent is declared
// before the dimension that depends on it.
//
// JSON form (used by configs and the journal), one object per name in order:
//   {"learning_rate": {"type": "real", "low": 1e-4, "high": 0.1, "prior": "log-uniform"},
//    "layers":        {"type": "integer", "low": 1, "high": 3},
//    "units_3":       {"type": "integer", "low": 16, "high": 512, "log": true,
//                      "active_if": {"param": "layers", "at_least": 3}},
//    "activation":    {"type": "choice", "values": ["sigmoid", "tanh", "relu"]},
//    "batch_size":    {"type": "fixed", "value": 128}}
// Hobbit's spellings are accepted: "type" (or "distribution") "uniform" and
// "log-uniform" are reals, "choice" is categorical; "args": [low, high] may
// replace low/high. "active_if" may also list values: {"param": "optimizer",
// "values": ["adam"]}.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "tuner/config/json.hpp"
#include "tuner/space/params.hpp"

namespace tunet::tuner {

enum class Prior { Uniform, LogUniform };
enum class DimensionKind { Real, Integer, Categorical, Fixed };
const char* kind_name(DimensionKind kind);  // "real", "integer", "choice", "fixed"

// When a conditional dimension is active: its parent's value is one of
// `values`, or (numeric parent) lies in [at_least, at_most].
struct Condition {
  std::string parent;
  std::vector<Value> values;
  std::optional<double> at_least;
  std::optional<double> at_most;
  bool holds(const Value& parent_value) const;
};

class Dimension {
 public:
  const std::string& name() const { return name_; }
  DimensionKind kind() const { return kind_; }
  bool is_numeric() const { return kind_ == DimensionKind::Real || kind_ == DimensionKind::Integer; }
  // Real and Integer: the closed range [low, high] and whether it is searched in log space.
  double low() const { return low_; }
  double high() const { return high_; }
  Prior prior() const { return prior_; }
  bool is_log() const { return prior_ == Prior::LogUniform; }
  // Categorical: the choices in declared order; Fixed: its one value.
  const std::vector<Value>& values() const { return values_; }
  const std::optional<Condition>& condition() const { return condition_; }

  // A copy active only when `parent`'s value is one of `values` / is >= `threshold`.
  Dimension active_if(const std::string& parent, std::vector<Value> values) const;
  Dimension active_if_at_least(const std::string& parent, double threshold) const;

  // One draw from the prior: uniform, log-uniform (uniform in log space), a
  // uniform integer (log: uniform over log[low, high+1), floored), a uniform choice.
  Value sample(Rng& rng) const;
  // Whether `value` has this dimension's type and lies in its range / choices.
  bool contains(const Value& value) const;
  // `value` converted to this dimension's type (an integral real for an
  // Integer, an integer for a Real); throws Error naming the dimension, the
  // value and the range or choices when it does not belong.
  Value coerce(const Value& value) const;
  std::string describe() const;  // "learning_rate: real [0.0001, 0.1] log-uniform"

  Json to_json() const;
  static Dimension from_json(const std::string& name, const Json& json);

 protected:
  Dimension(std::string name, DimensionKind kind);
  std::string name_;
  DimensionKind kind_;
  double low_ = 0, high_ = 0;
  Prior prior_ = Prior::Uniform;
  std::vector<Value> values_;
  std::optional<Condition> condition_;
};

class Real : public Dimension {
 public:
  Real(std::string name, double low, double high, Prior prior = Prior::Uniform);
};

class Integer : public Dimension {
 public:
  Integer(std::string name, std::int64_t low, std::int64_t high, bool log = false);
};

class Categorical : public Dimension {
 public:
  Categorical(std::string name, std::vector<Value> values);
  // Lets Categorical("activation", {"relu", "tanh"}) pick strings, not bools.
  Categorical(std::string name, std::initializer_list<const char*> values);
};

class Fixed : public Dimension {
 public:
  Fixed(std::string name, Value value);
  Fixed(std::string name, const char* value) : Fixed(std::move(name), Value(std::string(value))) {}
};

class Space {
 public:
  Space() = default;
  Space(std::initializer_list<Dimension> dimensions);
  explicit Space(std::vector<Dimension> dimensions);

  Space& add(Dimension dimension);  // validates as the constructor does

  size_t size() const { return dims_.size(); }
  const std::vector<Dimension>& dimensions() const { return dims_; }
  auto begin() const { return dims_.begin(); }
  auto end() const { return dims_.end(); }
  const Dimension& operator[](const std::string& name) const;  // throws Error for an unknown name
  const Dimension* find(const std::string& name) const;       // nullptr when absent
  // What follows "unknown hyperparameter 'x'": "(did you mean 'units'?)" for
  // a near name, else "(the space has: a, b, ...)".
  std::string unknown_name_hint(const std::string& name) const;

  // Whether `dim` is active given the values decided so far in `params`.
  bool is_active(const Dimension& dim, const Params& params) const;

  // A random configuration (only active dimensions present), drawn dimension
  // by dimension in declared order.
  Params sample(Rng& rng) const;

  // `params` checked and normalised: every active dimension present and in
  // range (types coerced), inactive ones removed, unknown names rejected.
  // Throws Error naming the parameter and what was expected.
  Params canonical(const Params& params) const;
  // The duplicate key of a configuration: canonical(params).key().
  std::string key(const Params& params) const { return canonical(params).key(); }

  // Whether every dimension has finitely many values (no Real), and then how
  // many configurations the space holds (counting conditionals exactly).
  bool is_finite() const;
  // All configurations in product order (first dimension slowest), inactive
  // parameters removed and duplicates dropped; throws Error when the space is
  // not finite or holds more than `limit` combinations.
  std::vector<Params> enumerate(size_t limit = 1'000'000) const;

  Json to_json() const;
  static Space from_json(const Json& json);  // errors name the offending parameter

 private:
  std::vector<Dimension> dims_;
};

// The product of per-dimension value lists (values[k] for space.dimensions()[k]),
// first dimension slowest, inactive parameters removed, duplicates dropped.
// Throws Error when the product holds more than `limit` combinations.
std::vector<Params> product(const Space& space, const std::vector<std::vector<Value>>& values,
                            size_t limit = 1'000'000);

}  // namespace tunet::tuner
