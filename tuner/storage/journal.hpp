#pragma once
// Journal: the append-only record of a study, one JSON object per line in
// repo_dir/journal.jsonl, each line written whole and fsync'ed before the
// search goes on. The journal *is* the study's state: resuming replays it.
// Three parts, one header each:
//   journal_file.hpp    the file: checksummed lines, torn tails, crash-safe appends
//   journal_events.hpp  the vocabulary: how each event is written and read back
//   journal_replay.hpp  the state the events describe (JournalState)
#include "tuner/storage/journal_events.hpp"
#include "tuner/storage/journal_file.hpp"
#include "tuner/storage/journal_replay.hpp"
