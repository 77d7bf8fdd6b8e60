// Replay (journal_replay.hpp): each event read with journal_events' readers
// and applied to the JournalState, checking that it fits the events before it.
#include "tuner/storage/journal_replay.hpp"

#include "core/error.hpp"
#include "tuner/storage/journal_events.hpp"

namespace tunet::tuner {

JournalState replay(const std::vector<Json>& events) {
  JournalState state;
  size_t index = 0;
  for (const Json& e : events) {
    ++index;
    const EventFields fields(e, "journal event " + std::to_string(index));
    const std::string& where = fields.where();
    auto known_trial = [&]() -> Trial& {
      const int id = fields.integer("trial", 0);
      auto it = state.trials.find(id);
      if (it == state.trials.end())
        throw Error(where + " (" + e.value("event", "?") + "): trial " + std::to_string(id) +
                    " has no \"started\" event before it");
      return it->second;
    };
    require_object(e, where);
    const std::string kind = fields.text("event");
    if (kind == "study") {
      const StudyObjective objective = read_study_event(fields);
      state.metric = objective.metric;
      state.direction = objective.direction;
      state.mode = objective.mode;
      state.header = e;
    } else if (kind == "resumed") {
      ++state.resumes;
    } else if (kind == "started") {
      Trial t = read_started_event(fields);
      if (state.trials.count(t.id)) throw Error(where + " (started): trial " + std::to_string(t.id) + " was started before");
      state.steps.push_back({false, t.id});
      state.trials[t.id] = std::move(t);
    } else if (kind == "epoch") {
      Trial& t = known_trial();
      t.history.push_back(epoch_record_from_event(e, where));
      t.checkpoint = fields.text("checkpoint");
    } else if (kind == "finished") {
      Trial& t = known_trial();
      read_finished_event(fields, state.direction, t);
      state.steps.push_back({true, t.id});
    } else if (kind == "lost") {
      const Trial& t = known_trial();
      state.lost[t.id] = read_lost_event(fields);
    } else {
      field_error(where + ".event", "study, started, epoch, finished, lost or resumed", e.at("event"));
    }
  }
  return state;
}

}  // namespace tunet::tuner
