#pragma once
// Journal: the append-only record of a study, one JSON object per line in
// repo_dir/journal.jsonl, each line written whole and fsync'ed before the
// search goes on. The journal *is* the study's state: resuming replays it.
//
// Line format (since version 2): the event's JSON, a tab, the CRC-32 of the JSON
// text in 8 lowercase hex digits, a newline:
//   {"event":"epoch","trial":3,...}\t1c291ca3
// Reading checks every checksum. A last line that is incomplete (no newline)
// or fails its checksum was torn by a crash while it was written: the event
// never happened, and it is dropped (opening the journal for appending cuts
// it off). A bad line anywhere else is corruption: an Error naming the file
// and the line number. Journals of version 1 (plain JSON lines, no checksum)
// are still read; a resumed version-1 journal goes on with checksummed lines,
// and once one line carries a checksum every later line must.
//
// A failed append (disk full, a file size limit) truncates the journal back
// to its previous length and throws StorageError: the journal stays exactly
// as it was, and the search can resume from it.
//
// Events ("event" field):
//   study     {space, algorithm, objective {metric, direction, mode, description}, seed, version}  first line
//   started   {trial, params, budget, initial_epoch, bracket, rung, resumed_from}
//   epoch     {trial, epoch, metrics, wall_s, checkpoint, fold_metrics}
//   finished  {trial, status, value, folds, wall_s, failure, checkpoint,
//              value_epoch, value_checkpoint, stop_reason}
//   lost      {trial, reason, attempt}     its worker vanished (version 4); the
//                                          trial is retrained from its last checkpoint
//   resumed   {}                           each time a search resumes
// Every event also carries "time" (seconds since the epoch, UTC).
// Version 3 added objective.mode, fold_metrics (cross-validation only),
// value_epoch, value_checkpoint and stop_reason; a journal without them
// (version 2 or 1) replays as written then: scored by the last epoch
// (mode "last"), value_checkpoint = checkpoint, no early stops.
// Version 4 added "lost" (distributed searches, tuner/distributed/). Trials of a
// distributed search run at once, so their events interleave; replay keeps
// the order of the started and finished events (JournalState::steps), which
// is the order the scheduler saw them.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tuner/config/json.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

class Journal {
 public:
  static constexpr const char* kFileName = "journal.jsonl";
  static constexpr int kVersion = 4;  // the "version" of the study header this build writes

  // Opens repo_dir/journal.jsonl for appending, creating repo_dir if needed,
  // and cuts off a torn last line. Throws StorageError when repo_dir or the
  // journal cannot be written (a probe file is created and removed: a
  // read-only repo_dir is refused here, before any training).
  explicit Journal(const std::filesystem::path& repo_dir);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Writes one event as a line (adds "time"), then fsyncs. Throws
  // StorageError, with the journal unchanged, when the write fails.
  void append(Json event);

  const std::filesystem::path& path() const { return path_; }
  // What opening the journal cut off ("" when nothing): a torn last line.
  const std::string& repaired_tail() const { return repaired_tail_; }

  // The events of the journal in repo_dir (empty when there is none); see
  // parse_journal for what is checked.
  static std::vector<Json> read(const std::filesystem::path& repo_dir);

 private:
  std::filesystem::path path_;
  std::string repaired_tail_;
  int fd_ = -1;
};

// The text of a journal -> its events. `source` names it in errors
// ("runs/a/journal.jsonl:17: checksum mismatch ...").
struct JournalText {
  std::vector<Json> events;
  size_t valid_bytes = 0;  // the length of the lines read; after it comes the torn last line, if any
  std::string torn_tail;   // why the last line was dropped, "" when none was
};
JournalText parse_journal(std::string_view text, const std::string& source);

// One event as a journal line (JSON, tab, CRC-32, newline).
std::string journal_line(const Json& event);

// The state a journal describes: its header and its trials by id, each with
// the status, value and epoch history recorded so far (an interrupted trial
// stays Running, with the epochs it finished).
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

// Journal event builders and their inverse, shared by the study and replay.
Json started_event(const Trial& trial);
Json epoch_event(int trial_id, const EpochRecord& record, const std::string& checkpoint);
Json finished_event(const Trial& trial);
Json lost_event(int trial_id, const std::string& reason, int attempt);
// An epoch event's record; `where` names the event in errors.
EpochRecord epoch_record_from_event(const Json& event, const std::string& where);

}  // namespace tunet::tuner
