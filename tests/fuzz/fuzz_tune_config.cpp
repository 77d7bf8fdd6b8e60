// Fuzz target: a `tunet tune` config, from its text to validated settings
// (parse_tune_settings: every field checked, the space, the search, the
// model's references), then the search started and a few trials scheduled.
// Nothing is trained and nothing is written.
#include "core/random.hpp"
#include "fuzz_target.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/integration/tune_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return tunet::fuzzing::guarded(data, size, [&] {
    namespace tu = tunet::tuner;
    const tu::Json config = tu::parse_config(std::string(tunet::fuzzing::text_of(data, size)), "fuzz.json");
    tu::TuneSettings settings = tu::parse_tune_settings(config);
    tu::Scheduler& scheduler = *settings.plan.scheduler;
    scheduler.start(settings.space, tunet::Rng(settings.seed, 1), tu::Direction::Minimize);
    for (int id = 0; id < 4; ++id) {
      std::optional<tu::TrialSpec> spec = scheduler.next();
      if (!spec) break;
      tu::Trial trial;
      trial.id = id;
      trial.params = settings.space.canonical(spec->params);
      trial.budget = spec->budget;
      trial.initial_epoch = spec->initial_epoch;
      trial.bracket = spec->bracket;
      trial.rung = spec->rung;
      trial.resumed_from = spec->resumed_from;
      trial.status = tu::TrialStatus::Completed;
      trial.value = trial.loss = static_cast<double>(id % 3);
      scheduler.tell(trial);
    }
  });
}
