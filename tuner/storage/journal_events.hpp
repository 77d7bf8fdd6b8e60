#pragma once
// The journal's vocabulary: how each event is written and read back. Every
// event is a JSON object whose "event" field names it:
//   study     {space, algorithm, objective {metric, direction, mode, description}, seed, version,
//              constraints}  first line; constraints only when the search has them
//   started   {trial, params, budget, initial_epoch, bracket, rung, resumed_from,
//              attributes}             attributes: only when the objective has
//                                      some (Objective::trial_attributes)
//   epoch     {trial, epoch, metrics, wall_s, checkpoint, fold_metrics}
//   finished  {trial, status, value, folds, wall_s, failure, checkpoint,
//              value_epoch, value_checkpoint, stop_reason}
//                                      status "infeasible": outside the search's
//                                      constraints, recorded untrained (the reason in failure)
//   lost      {trial, reason, attempt}     its worker vanished (version 4); the
//                                          trial is retrained from its last checkpoint
//   resumed   {}                           each time a search resumes
// Every event also carries "time" (seconds since the epoch, UTC), added by Journal::append.
// Version 3 added objective.mode, fold_metrics (cross-validation only),
// value_epoch, value_checkpoint and stop_reason; a journal without them
// (version 2 or 1) reads as written then: scored by the last epoch
// (mode "last"), value_checkpoint = checkpoint, no early stops.
// Version 4 added "lost" (distributed searches, tuner/distributed/).
// A reader throws Error naming the event and the field when a field is
// missing or has the wrong type or range ("journal event 7.budget: ...").
#include <cstdint>
#include <string>

#include "tuner/config/json.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

// Writers.
Json started_event(const Trial& trial);
Json epoch_event(int trial_id, const EpochRecord& record, const std::string& checkpoint);
Json finished_event(const Trial& trial);
Json lost_event(int trial_id, const std::string& reason, int attempt);

// One event's fields, each read with its checks; `where` names the event in
// errors ("journal event 7").
class EventFields {
 public:
  EventFields(const Json& event, std::string where) : event_(event), where_(std::move(where)) {}
  const Json& json() const { return event_; }
  const std::string& where() const { return where_; }
  const Json& at(const char* key) const;  // throws when `key` is missing
  int integer(const char* key, std::int64_t low = kNoLow) const;
  double number(const char* key) const;
  std::string text(const char* key) const;

 private:
  const Json& event_;
  std::string where_;
};

// Readers, the inverse of the writers.
struct StudyObjective {
  std::string metric;
  Direction direction = Direction::Minimize;
  ObjectiveMode mode = ObjectiveMode::Last;  // journals before version 3 scored the last epoch
};
// A study event's objective; its space is checked too.
StudyObjective read_study_event(const EventFields& event);
// A started event's trial (status Running, no epochs yet).
Trial read_started_event(const EventFields& event);
// An epoch event's record; `where` names the event in errors.
EpochRecord epoch_record_from_event(const Json& event, const std::string& where);
// A finished event's outcome into `trial` (status, value, loss by `direction`,
// folds, wall time, failure, checkpoints, scoring epoch, stop reason).
void read_finished_event(const EventFields& event, Direction direction, Trial& trial);
// A lost event's attempt (how many times the trial's worker has been lost).
int read_lost_event(const EventFields& event);

}  // namespace tunet::tuner
