#pragma once
// StorageError: writing one of the search's own files (journal, checkpoint,
// results table, best model) failed: disk full, a read-only or vanished
// repo_dir, a file size limit. It is not the trial's fault, so the study does
// not record the trial as failed: the search stops with this error, and what
// was written before (the journal, the last checkpoint) is left intact for a
// resume once the problem is fixed.
#include "core/error.hpp"

namespace tunet::tuner {

class StorageError : public Error {
 public:
  using Error::Error;
};

}  // namespace tunet::tuner
