#pragma once
// Reading config JSON with errors that name the field's JSON path and the
// value found there, never the JSON library's own message:
//   space.learning_rate.low: expected a number, got "abc"
//   search.n_trials: expected an integer >= 1, got 0
//   fit: unknown field 'bacth_size' (did you mean 'batch_size'?)
//   fit: unknown field 'shuffle' (expected batch_size, epochs, steps_per_epoch, validation_steps)
//
//   require_object(fit, "fit");
//   check_fields(fit, "fit", {"batch_size", "steps_per_epoch", "validation_steps"});
//   int64_t batch = integer_or(fit, "batch_size", 128, "fit", 1);
//
// Paths: "a.b" for the field b of the object at a, "a[2]" for an element of
// the array at a; "" is the document itself (its fields are named bare).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "tuner/config/json.hpp"
#include "tuner/space/params.hpp"

namespace tunet::tuner {

// What a JSON library exception says, without the library's own prefix
// ("[json.exception.parse_error.101] parse error at line 1, column 5: ").
std::string json_error_detail(const std::exception& e);

std::string field_path(const std::string& path, const std::string& key);
std::string element_path(const std::string& path, size_t index);
// A value as written in the file, cut at 80 characters.
std::string json_text(const Json& value);
// Throws Error "<path>: expected <expected>, got <value>" ("config" for the empty path).
[[noreturn]] void field_error(const std::string& path, const std::string& expected, const Json& got);

void require_object(const Json& value, const std::string& path);
void require_array(const Json& value, const std::string& path);
// Throws Error naming the first key of `object` that is not in `known`, and
// the known one it is nearest to (a typo), or else all of them.
void check_fields(const Json& object, const std::string& path, const std::vector<std::string>& known);
// Throws Error "<path>: missing "<key>"" when `object` lacks it.
void require_field(const Json& object, const std::string& key, const std::string& path);

constexpr std::int64_t kNoLow = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kNoHigh = std::numeric_limits<std::int64_t>::max();

// The value at `path`, checked: its type, and for integers the range [low, high].
double number_value(const Json& value, const std::string& path);  // finite
std::int64_t integer_value(const Json& value, const std::string& path, std::int64_t low = kNoLow,
                           std::int64_t high = kNoHigh);
std::uint64_t unsigned_value(const Json& value, const std::string& path);
bool bool_value(const Json& value, const std::string& path);
std::string string_value(const Json& value, const std::string& path);

// A hyperparameter value (a number, a string or a bool), and a configuration
// {"name": value, ...}, at `path`.
Value scalar_value(const Json& value, const std::string& path);
Params params_from_json(const Json& object, const std::string& path);

// Optional fields of `object` (at `path`): `fallback` when `key` is absent.
double number_or(const Json& object, const std::string& key, double fallback, const std::string& path);
std::int64_t integer_or(const Json& object, const std::string& key, std::int64_t fallback, const std::string& path,
                        std::int64_t low = kNoLow, std::int64_t high = kNoHigh);
std::uint64_t unsigned_or(const Json& object, const std::string& key, std::uint64_t fallback,
                          const std::string& path);
bool bool_or(const Json& object, const std::string& key, bool fallback, const std::string& path);
std::string string_or(const Json& object, const std::string& key, const std::string& fallback,
                      const std::string& path);

}  // namespace tunet::tuner
