#pragma once
// Learning-rate schedules, with Keras's names, arguments and defaults
// (keras.optimizers.schedules). A schedule gives the learning rate of each
// optimizer update from the number of updates done before it (`step`: 0 for
// the first update, Keras's optimizer.iterations):
//
//   nn::Optimizer adam(nn::Adam({}), nn::CosineDecay({.initial_learning_rate = 0.0, .decay_steps = 1000,
//                                                     .warmup_target = 1e-3, .warmup_steps = 100}));
//   model.compile(adam, "categorical_crossentropy");
//   nn::learning_rate_at(nn::ExponentialDecay({.initial_learning_rate = 0.1, .decay_steps = 10,
//                                              .decay_rate = 0.5}), 20);   // 0.025
//
// | schedule               | learning rate at step s                                        |
// | ExponentialDecay       | lr0 * decay_rate^(s / decay_steps)  (staircase: floor(s / decay_steps)) |
// | PiecewiseConstantDecay | values[0] for s <= boundaries[0], values[k] for                |
// |                        | boundaries[k-1] < s <= boundaries[k], values[n] after the last  |
// | CosineDecay            | without warm-up: lr0 * d(min(s, decay_steps)), where           |
// | (Loshchilov & Hutter,  |   d(u) = (1 - alpha) * 0.5 (1 + cos(pi u / decay_steps)) + alpha |
// |  SGDR, ICLR 2017)      | with warm-up (warmup_target set), u = min(s, warmup_steps + decay_steps): |
// |                        |   u < warmup_steps: lr0 + (warmup_target - lr0) u / warmup_steps |
// |                        |   else: warmup_target * d(u - warmup_steps)                    |
//
// A schedule is saved with the model (Sequential::save) and replaces the
// optimizer's own learning_rate while it is set (the optimizer's
// settings keep their learning_rate, unused).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tunet::nn {

struct ExponentialDecay {
  double initial_learning_rate = 0.01;
  double decay_steps = 1;  // > 0
  double decay_rate = 0.96;
  bool staircase = false;
};

struct PiecewiseConstantDecay {
  std::vector<double> boundaries;  // increasing steps
  std::vector<double> values;      // one more than boundaries
};

struct CosineDecay {
  double initial_learning_rate = 0.01;
  double decay_steps = 1;                    // > 0
  double alpha = 0.0;                        // the final learning rate, as a fraction of the decayed-from one
  std::optional<double> warmup_target = {};  // warm up linearly to this, then decay from it
  double warmup_steps = 0;
};

using LearningRateSchedule = std::variant<ExponentialDecay, PiecewiseConstantDecay, CosineDecay>;

// The learning rate of the update that follows `step` earlier updates.
double learning_rate_at(const LearningRateSchedule& schedule, int64_t step);

// Error naming the argument when one is out of range (decay_steps <= 0,
// boundaries not increasing, values of the wrong count...).
void check_schedule(const LearningRateSchedule& schedule);

// Keras's class name ("ExponentialDecay").
std::string schedule_name(const LearningRateSchedule& schedule);

// Arguments as text by their Keras names (lists comma-separated, an unset
// warmup_target absent): how model files and configs spell a schedule.
using ScheduleArguments = std::map<std::string, std::string>;
ScheduleArguments schedule_arguments(const LearningRateSchedule& schedule);
// The inverse: `name` is the Keras class name or its snake_case form
// ("exponential_decay", "piecewise_constant_decay", "cosine_decay"). Error
// for an unknown name or argument (listing the valid ones), checked as above.
LearningRateSchedule make_schedule(const std::string& name, const ScheduleArguments& arguments);
std::vector<std::string> schedule_names();  // snake_case
// The argument names of schedule `name` (either spelling); Error for an unknown one.
std::vector<std::string> schedule_argument_names(const std::string& name);

}  // namespace tunet::nn
