// The learning-rate schedules of nn/lr_schedule.hpp: values, checks, and the
// text form shared by model files and configs.
#include "nn/lr_schedule.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <numbers>
#include <type_traits>

#include "core/error.hpp"

namespace tunet::nn {

namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;  // clang 14 does not deduce aggregates' arguments (C++20 P1816)

// Keras's CosineDecay._decay_function: decay_from * ((1 - alpha) * 0.5 (1 + cos(pi u / decay_steps)) + alpha).
double cosine_decayed(double u, double decay_steps, double alpha, double decay_from) {
  const double cosine = 0.5 * (1.0 + std::cos(std::numbers::pi * u / decay_steps));
  return decay_from * ((1.0 - alpha) * cosine + alpha);
}

std::string number_text(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string list_text(const std::vector<double>& values) {
  std::string text;
  for (double v : values) {
    if (!text.empty()) text += ',';
    text += number_text(v);
  }
  return text;
}

double parse_number(const std::string& schedule, const std::string& key, const std::string& text) {
  double value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  check(result.ec == std::errc() && result.ptr == text.data() + text.size() && !text.empty(),
        schedule + ": argument '" + key + "' must be a number, got '" + text + "'");
  return value;
}

std::vector<double> parse_list(const std::string& schedule, const std::string& key, const std::string& text) {
  std::vector<double> values;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    values.push_back(parse_number(schedule, key, text.substr(start, comma - start)));
    start = comma + 1;
  }
  return values;
}

bool parse_flag(const std::string& schedule, const std::string& key, const std::string& text) {
  if (text == "1" || text == "true") return true;
  if (text == "0" || text == "false") return false;
  throw Error(schedule + ": argument '" + key + "' is a boolean (true / false), got '" + text + "'");
}

std::string snake_case(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (!out.empty()) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

double learning_rate_at(const LearningRateSchedule& schedule, int64_t step) {
  const double s = static_cast<double>(step);
  return std::visit(
      Overloaded{
          [&](const ExponentialDecay& e) {
            const double p = e.staircase ? std::floor(s / e.decay_steps) : s / e.decay_steps;
            return e.initial_learning_rate * std::pow(e.decay_rate, p);
          },
          [&](const PiecewiseConstantDecay& p) {
            size_t k = 0;  // the first boundary >= s
            while (k < p.boundaries.size() && s > p.boundaries[k]) ++k;
            return p.values[k];
          },
          [&](const CosineDecay& c) {
            if (!c.warmup_target) return cosine_decayed(std::min(s, c.decay_steps), c.decay_steps, c.alpha,
                                                        c.initial_learning_rate);
            const double u = std::min(s, c.warmup_steps + c.decay_steps);
            if (u < c.warmup_steps)
              return c.initial_learning_rate + (*c.warmup_target - c.initial_learning_rate) * u / c.warmup_steps;
            return cosine_decayed(u - c.warmup_steps, c.decay_steps, c.alpha, *c.warmup_target);
          },
      },
      schedule);
}

void check_schedule(const LearningRateSchedule& schedule) {
  std::visit(Overloaded{
                 [](const ExponentialDecay& e) {
                   check(e.decay_steps > 0, "ExponentialDecay: decay_steps must be > 0, got " +
                                                number_text(e.decay_steps));
                   check(e.initial_learning_rate >= 0 && e.decay_rate > 0,
                         "ExponentialDecay: initial_learning_rate must be >= 0 and decay_rate > 0");
                 },
                 [](const PiecewiseConstantDecay& p) {
                   check(p.values.size() == p.boundaries.size() + 1,
                         "PiecewiseConstantDecay: values must have one more element than boundaries (got " +
                             std::to_string(p.values.size()) + " values, " + std::to_string(p.boundaries.size()) +
                             " boundaries)");
                   check(std::is_sorted(p.boundaries.begin(), p.boundaries.end()) &&
                             std::adjacent_find(p.boundaries.begin(), p.boundaries.end()) == p.boundaries.end(),
                         "PiecewiseConstantDecay: boundaries must increase, got [" + list_text(p.boundaries) + "]");
                   for (double v : p.values)
                     check(v >= 0, "PiecewiseConstantDecay: values must be >= 0, got " + number_text(v));
                 },
                 [](const CosineDecay& c) {
                   check(c.decay_steps > 0, "CosineDecay: decay_steps must be > 0, got " + number_text(c.decay_steps));
                   check(c.initial_learning_rate >= 0, "CosineDecay: initial_learning_rate must be >= 0");
                   check(c.alpha >= 0 && c.alpha <= 1, "CosineDecay: alpha must be in [0, 1], got " +
                                                           number_text(c.alpha));
                   check(c.warmup_steps >= 0, "CosineDecay: warmup_steps must be >= 0");
                   check(!c.warmup_target || *c.warmup_target >= 0, "CosineDecay: warmup_target must be >= 0");
                   check(c.warmup_steps == 0 || c.warmup_target,
                         "CosineDecay: warmup_steps > 0 needs a warmup_target (the rate to warm up to)");
                 },
             },
             schedule);
}

std::string schedule_name(const LearningRateSchedule& schedule) {
  return std::visit(Overloaded{
                        [](const ExponentialDecay&) { return std::string("ExponentialDecay"); },
                        [](const PiecewiseConstantDecay&) { return std::string("PiecewiseConstantDecay"); },
                        [](const CosineDecay&) { return std::string("CosineDecay"); },
                    },
                    schedule);
}

std::vector<std::string> schedule_names() {
  return {"exponential_decay", "piecewise_constant_decay", "cosine_decay"};
}

std::vector<std::string> schedule_argument_names(const std::string& name) {
  const std::string key = snake_case(name);
  if (key == "exponential_decay") return {"initial_learning_rate", "decay_steps", "decay_rate", "staircase"};
  if (key == "piecewise_constant_decay") return {"boundaries", "values"};
  if (key == "cosine_decay") return {"initial_learning_rate", "decay_steps", "alpha", "warmup_target", "warmup_steps"};
  throw Error("unknown learning-rate schedule '" + name +
              "' (valid: exponential_decay, piecewise_constant_decay, cosine_decay, or their Keras class names)");
}

ScheduleArguments schedule_arguments(const LearningRateSchedule& schedule) {
  return std::visit(
      Overloaded{
          [](const ExponentialDecay& e) {
            return ScheduleArguments{{"initial_learning_rate", number_text(e.initial_learning_rate)},
                                     {"decay_steps", number_text(e.decay_steps)},
                                     {"decay_rate", number_text(e.decay_rate)},
                                     {"staircase", e.staircase ? "true" : "false"}};
          },
          [](const PiecewiseConstantDecay& p) {
            return ScheduleArguments{{"boundaries", list_text(p.boundaries)}, {"values", list_text(p.values)}};
          },
          [](const CosineDecay& c) {
            ScheduleArguments a{{"initial_learning_rate", number_text(c.initial_learning_rate)},
                                {"decay_steps", number_text(c.decay_steps)},
                                {"alpha", number_text(c.alpha)},
                                {"warmup_steps", number_text(c.warmup_steps)}};
            if (c.warmup_target) a["warmup_target"] = number_text(*c.warmup_target);
            return a;
          },
      },
      schedule);
}

LearningRateSchedule make_schedule(const std::string& name, const ScheduleArguments& arguments) {
  const std::vector<std::string> known = schedule_argument_names(name);  // Error for an unknown name
  const std::string key = snake_case(name);
  LearningRateSchedule schedule;
  if (key == "exponential_decay") schedule = ExponentialDecay{};
  else if (key == "piecewise_constant_decay") schedule = PiecewiseConstantDecay{};
  else schedule = CosineDecay{};
  const std::string who = schedule_name(schedule);
  for (const auto& [argument, text] : arguments) {
    if (std::find(known.begin(), known.end(), argument) != known.end()) continue;
    std::string valid;
    for (const auto& n : known) valid += (valid.empty() ? "" : ", ") + n;
    throw Error(who + ": unknown argument '" + argument + "' (valid: " + valid + ")");
  }
  auto number = [&](const char* argument, double& field) {
    if (auto it = arguments.find(argument); it != arguments.end()) field = parse_number(who, argument, it->second);
  };
  std::visit(Overloaded{
                 [&](ExponentialDecay& e) {
                   number("initial_learning_rate", e.initial_learning_rate);
                   number("decay_steps", e.decay_steps);
                   number("decay_rate", e.decay_rate);
                   if (auto it = arguments.find("staircase"); it != arguments.end())
                     e.staircase = parse_flag(who, "staircase", it->second);
                 },
                 [&](PiecewiseConstantDecay& p) {
                   for (const char* required : {"boundaries", "values"})
                     check(arguments.count(required), who + ": argument '" + required + "' is required");
                   p.boundaries = parse_list(who, "boundaries", arguments.at("boundaries"));
                   p.values = parse_list(who, "values", arguments.at("values"));
                 },
                 [&](CosineDecay& c) {
                   number("initial_learning_rate", c.initial_learning_rate);
                   number("decay_steps", c.decay_steps);
                   number("alpha", c.alpha);
                   number("warmup_steps", c.warmup_steps);
                   if (auto it = arguments.find("warmup_target"); it != arguments.end())
                     c.warmup_target = parse_number(who, "warmup_target", it->second);
                 },
             },
             schedule);
  check_schedule(schedule);
  return schedule;
}

}  // namespace tunet::nn
