#pragma once
// The journal file, repo_dir/journal.jsonl: one event per line, each line
// written whole and fsync'ed before the search goes on.
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
// What the events say is journal_events.hpp's; the state they build, journal_replay.hpp's.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "tuner/config/json.hpp"

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

}  // namespace tunet::tuner
