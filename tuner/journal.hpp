#pragma once
// Journal: the append-only record of a study, one JSON object per line in
// repo_dir/journal.jsonl, each line written whole and fsync'ed before the
// search goes on. The journal *is* the study's state: resuming replays it.
//
// Events ("event" field):
//   study     {space, algorithm, objective, metric, direction, seed, version}  first line
//   started   {trial, params, budget, initial_epoch, bracket, rung, resumed_from}
//   epoch     {trial, epoch, metrics, wall_s, checkpoint}
//   finished  {trial, status, value, folds, wall_s, failure, checkpoint}
//   resumed   {}                           each time a search resumes
// Every event also carries "time" (seconds since the epoch, UTC).
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tuner/json.hpp"
#include "tuner/trial.hpp"

namespace tunet::tuner {

class Journal {
 public:
  static constexpr const char* kFileName = "journal.jsonl";

  // Opens repo_dir/journal.jsonl for appending, creating repo_dir if needed.
  // Throws Error when the directory or the file cannot be written.
  explicit Journal(const std::filesystem::path& repo_dir);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Writes one event as a line (adds "time"), then fsyncs.
  void append(Json event);

  const std::filesystem::path& path() const { return path_; }

  // The events of the journal in repo_dir (empty when there is none). A last
  // line cut short by a crash is ignored; a bad line elsewhere throws Error
  // with the file and line number.
  static std::vector<Json> read(const std::filesystem::path& repo_dir);

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

// The state a journal describes: its header and its trials by id, each with
// the status, value and epoch history recorded so far (an interrupted trial
// stays Running, with the epochs it finished).
struct JournalState {
  Json header;                // the "study" event (null when the journal is empty)
  std::map<int, Trial> trials;
  int resumes = 0;
};
JournalState replay(const std::vector<Json>& events);

// Journal event builders and their inverse, shared by the study and replay.
Json started_event(const Trial& trial);
Json epoch_event(int trial_id, const EpochRecord& record, const std::string& checkpoint);
Json finished_event(const Trial& trial);

}  // namespace tunet::tuner
