#pragma once
// RunLock: one process at a time in a run folder. An exclusive flock(2) on
// a lock file beside the journal, held for the object's lifetime: two
// `tunet ask` started at once read the journal, propose and append one after
// the other, so they hand out different trials.
//
//   {
//     RunLock lock(run_dir / RunLock::kFileName, /*timeout_s=*/10);
//     ... read the journal, propose, append ...
//   }  // released
//
// The kernel releases the lock when its holder exits, however it exits (a
// crash or SIGKILL leaves no stale lock behind). The holder writes its pid in
// the file, so a waiter that gives up can say who holds it. flock locks are
// local to one machine (on NFS, Linux maps them to POSIX record locks, which
// NFSv4 servers honour).
#include <filesystem>

namespace tunet::tuner {

class RunLock {
 public:
  static constexpr const char* kFileName = "lock";

  // Waits up to timeout_s seconds (0: one try) for the lock. Throws Error
  // "<file>: locked by process <pid> for more than <timeout_s> s" when
  // another process keeps it, and StorageError when the file cannot be opened.
  RunLock(const std::filesystem::path& file, double timeout_s);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace tunet::tuner
