#pragma once
// Params: one configuration, a typed and named set of hyperparameter values.
//
//   double lr = hp.real("learning_rate");     // an Integer value reads as real too
//   int64_t n = hp.integer("layers");
//   const std::string& a = hp.str("activation");
//   std::cout << hp;                          // {learning_rate=0.001, layers=2, activation="relu"}
//   Json j = hp.to_json();                    // {"learning_rate":0.001,"layers":2,"activation":"relu"}
//
// Only the parameters active in this configuration are present (a conditional
// parameter whose condition fails is absent, not null). Entries keep the order
// of the search space. key() is the canonical identity used to de-duplicate
// configurations: the same values give the same key whatever the insertion order.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "tuner/config/json.hpp"

namespace tunet::tuner {

// A hyperparameter value: a bool, an integer, a real or a string.
using Value = std::variant<bool, std::int64_t, double, std::string>;

std::string to_string(const Value& value);  // 0.001, 3, true, "relu" (strings quoted)
Json value_to_json(const Value& value);
Value value_from_json(const Json& json);    // throws Error for null, arrays and objects
bool is_number(const Value& value);         // int64 or double
double as_number(const Value& value);       // int64 or double as double; throws otherwise

class Params {
 public:
  Params() = default;
  Params(std::initializer_list<std::pair<std::string, Value>> entries);

  // Typed access; throws Error naming the parameter (and the ones present)
  // when it is absent or has another type.
  double real(const std::string& name) const;  // real or integer value
  std::int64_t integer(const std::string& name) const;
  const std::string& str(const std::string& name) const;
  bool boolean(const std::string& name) const;
  const Value& at(const std::string& name) const;
  bool has(const std::string& name) const;

  // Sets (or replaces, keeping its position) the value of `name`.
  Params& set(const std::string& name, Value value);
  void erase(const std::string& name);

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

  // Canonical identity: entries sorted by name, reals written exactly
  // ("%.17g"), so equal configurations have equal keys.
  std::string key() const;

  Json to_json() const;
  static Params from_json(const Json& json);  // an object of name -> value

  // Same names with the same values (order ignored).
  friend bool operator==(const Params& a, const Params& b) { return a.key() == b.key(); }

 private:
  std::vector<std::pair<std::string, Value>> entries_;
};

std::ostream& operator<<(std::ostream& out, const Params& params);
std::string to_string(const Params& params);

}  // namespace tunet::tuner
