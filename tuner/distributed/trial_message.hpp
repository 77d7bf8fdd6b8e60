#pragma once
// The messages of a distributed search (tuner/distributed/), as bytes: a JSON header
// and the files that travel with it (checkpoints), so that workers need no
// shared file system. Plain C++: the encoding is tested without MPI.
//
// Wire format (integers little-endian):
//   u32 header length, header (JSON text), u32 file count,
//   per file: u32 name length, name, u64 size, bytes.
//
// The headers:
//   job       {"trial", "params", "budget", "initial_epoch", "seed", "resume", "history",
//              "shared", "checkpoint_dir", "resume_path"}
//             + the checkpoint to start from (and its folds' files), named as on the coordinator;
//             "shared": no files, the worker uses the coordinator's paths (a shared file system)
//   epoch     the journal's epoch event (journal.hpp) + the epoch's checkpoint files
//   finished  {"trial", "kind": "completed"|"pruned"|"failed", "value", "folds", "stop_reason", "message"}
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "tuner/config/json.hpp"
#include "tuner/study/executor.hpp"

namespace tunet::tuner {

struct Message {
  Json header;
  std::vector<FileBlob> files;
};

std::string encode_message(const Message& message);
// Throws Error naming `source` ("message from rank 2") when the bytes are not a message.
Message decode_message(std::string_view bytes, const std::string& source);

// A job and (with_files) its starting checkpoint's files, read from job.resume_from.
Message job_message(const TrialJob& job, bool with_files = true);
// The job a worker runs: checkpoint_dir is `work_dir` and the files are written
// there; a shared job keeps the coordinator's paths.
TrialJob job_from_message(const Message& message, const std::filesystem::path& work_dir);

Message epoch_message(int trial, const EpochRecord& record, const std::filesystem::path& checkpoint);
EpochRecord epoch_from_message(const Message& message);

Json outcome_to_json(int trial, const TrialOutcome& outcome);
TrialOutcome outcome_from_json(const Json& header);

// A checkpoint's files: `checkpoint` itself and, under cross-validation, its
// folds' (checkpoint.foldN, see TrainingObjective::fold_checkpoint). Missing: none.
std::vector<FileBlob> checkpoint_files(const std::filesystem::path& checkpoint);

}  // namespace tunet::tuner
