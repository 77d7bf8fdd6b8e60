// RunJournal (ask_tell_run.hpp): the journal of an ask/tell run, under its lock.
#include "tuner/study/ask_tell_run.hpp"

#include <chrono>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/study/checkpoints.hpp"
#include "tuner/study/results.hpp"

namespace tunet::tuner {

namespace fs = std::filesystem;

namespace {

double seconds_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string value_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

}  // namespace

RunJournal::RunJournal(const fs::path& run_dir)
    : run_dir_(run_dir), journal_(run_dir), events_(Journal::read(run_dir)), now_(seconds_now()) {
  state = replay(events_);
  for (const Json& e : events_) {
    const std::string kind = e.value("event", "");
    if ((kind == "started" || kind == "epoch" || kind == "lost") && e.contains("time") && e.at("time").is_number())
      last_heard_[e.at("trial").get<int>()] = e.at("time").get<double>();
  }
}

void RunJournal::append(Json event) {
  journal_.append(event);
  event["time"] = now_;
  if (event.contains("trial") && event.value("event", "") != "finished") last_heard_[event.at("trial").get<int>()] = now_;
  events_.push_back(std::move(event));
  state = replay(events_);
}

double RunJournal::last_heard(int id) const {
  auto it = last_heard_.find(id);
  return it == last_heard_.end() ? now_ : it->second;
}

std::vector<int> RunJournal::pending() const {
  std::vector<int> ids;
  for (const auto& [id, t] : state.trials)
    if (!t.finished()) ids.push_back(id);
  return ids;
}

int RunJournal::next_id() const { return state.trials.empty() ? 0 : state.trials.rbegin()->first + 1; }

const Trial& RunJournal::trial_to_tell(int id) const {
  auto it = state.trials.find(id);
  if (it == state.trials.end())
    throw Error("trial " + std::to_string(id) + ": no such trial in " + run_dir_.string() +
                (state.trials.empty() ? std::string(" (none was handed out yet)")
                                      : " (trials 0 to " + std::to_string(state.trials.rbegin()->first) +
                                            " were handed out)"));
  const Trial& t = it->second;
  if (t.finished())
    throw Error("trial " + std::to_string(id) + " is finished already (" + status_name(t.status) +
                (t.value ? ", " + state.metric + " " + value_text(*t.value) : std::string()) +
                "): a trial is told its outcome once");
  return t;
}

Trial RunJournal::tell_epoch(int id, int epoch, double value) {
  Trial t = state.trials.at(id);
  EpochRecord record;
  record.epoch = epoch;
  record.metrics = {{state.metric, value}};
  record.wall_s = now_ - last_heard(id);
  append(epoch_event(id, record, ""));
  t = state.trials.at(id);
  if (epoch < t.budget) return t;
  const EpochRecord* scoring = scoring_epoch(t.history, state.metric, state.direction, state.mode);
  t.status = TrialStatus::Completed;
  t.value = scoring->metric(state.metric);
  t.value_epoch = scoring->epoch;
  return finish(std::move(t));
}

Trial RunJournal::finish_failed(int id, const std::string& reason) {
  Trial t = state.trials.at(id);
  t.status = TrialStatus::Failed;
  t.failure = reason;
  t.value.reset();
  return finish(std::move(t));
}

Trial RunJournal::finish_pruned(int id, const std::string& reason) {
  Trial t = state.trials.at(id);
  t.status = TrialStatus::Pruned;
  t.failure = reason;
  t.value.reset();
  if (!t.history.empty()) {
    t.value = t.history.back().metric(state.metric);
    t.value_epoch = t.history.back().epoch;
  }
  return finish(std::move(t));
}

void RunJournal::finish_told_trials() {
  for (const int id : pending()) {
    const Trial& t = state.trials.at(id);
    if (t.history.empty() || t.history.back().epoch < t.budget) continue;
    Trial done = t;
    const EpochRecord* scoring = scoring_epoch(done.history, state.metric, state.direction, state.mode);
    done.status = TrialStatus::Completed;
    done.value = scoring->metric(state.metric);
    done.value_epoch = scoring->epoch;
    finish(std::move(done));
  }
}

Trial RunJournal::finish(Trial t) {
  t.wall_s = 0;
  for (const EpochRecord& e : t.history) t.wall_s += e.wall_s;
  if (t.status != TrialStatus::Completed) t.wall_s += now_ - last_heard(t.id);
  t.loss = t.status == TrialStatus::Completed
               ? (state.direction == Direction::Minimize ? *t.value : -*t.value)
               : std::numeric_limits<double>::infinity();
  append(finished_event(t));
  Results::from_state(state, run_dir_).write_csv(run_dir_ / Results::kCsvName);
  return state.trials.at(t.id);
}

void check_same_search(const Json& recorded, const Json& expected, const std::string& source,
                       const fs::path& run_dir) {
  for (const char* key : {"space", "algorithm", "objective", "seed", "constraints"}) {
    const Json a = recorded.contains(key) ? recorded.at(key) : Json();
    const Json b = expected.contains(key) ? expected.at(key) : Json();
    if (a != b)
      throw Error(run_dir.string() + " holds another search than " + source + ": its " + key + " differs (journal " +
                  json_text(a) + ", " + source + " " + json_text(b) + "); use another run folder");
  }
}

}  // namespace tunet::tuner
