#pragma once
// Replay: the journal's events -> the state of the study they describe, its
// header and its trials by id, each with the status, value and epoch history
// recorded so far (an interrupted trial stays Running, with the epochs it
// finished). Trials of a distributed search run at once, so their events
// interleave; replay keeps the order of the started and finished events
// (JournalState::steps), which is the order the scheduler saw them.
#include <map>
#include <string>
#include <vector>

#include "tuner/config/json.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

struct JournalState {
  Json header;                // the "study" event (null when the journal is empty), its space checked
  std::string metric;         // the header's objective
  Direction direction = Direction::Minimize;
  ObjectiveMode mode = ObjectiveMode::Last;
  std::map<int, Trial> trials;
  // The started and finished events in journal order: replaying them to the
  // scheduler as next_recorded() and tell() rebuilds its state exactly.
  struct Step {
    bool finished = false;
    int trial = 0;
  };
  std::vector<Step> steps;
  std::map<int, int> lost;  // trial -> how many times its worker was lost
  int resumes = 0;
};
// Throws Error naming the event (its position and kind) and the field when an
// event is malformed or does not fit the ones before it.
JournalState replay(const std::vector<Json>& events);

}  // namespace tunet::tuner
