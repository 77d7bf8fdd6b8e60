#pragma once
// MpiSession: MPI for one process of a distributed search (Open MPI; any MPI-3
// library works). It initialises MPI (MPI_THREAD_FUNNELED: only the thread
// that created it calls MPI), sends without blocking (a message to a peer that
// died never completes, and must not stall the search) and receives whatever
// arrived.
//
//   MpiSession mpi(argc, argv);
//   if (mpi.rank() == 0) ... coordinate ... else ... serve trials ...
//
// Ending: the destructor calls MPI_Finalize. After a peer was lost (see
// mark_peer_lost) Open MPI's MPI_Finalize would wait for it forever, so the
// process flushes its output and ends with std::_Exit(0) instead: nothing
// remains to be saved then, the journal is synced after every line.
#include <chrono>
#include <list>
#include <memory>
#include <optional>
#include <string>

namespace tunet::tuner::mpi {

// The message kinds (MPI tags) of the coordinator/worker protocol (docs/distributed.md).
enum Tag : int { kHello = 1, kJob = 2, kEpoch = 3, kFinished = 4, kHeartbeat = 5, kStop = 6 };

struct Received {
  int source = 0;
  int tag = 0;
  std::string bytes;
};

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  std::string host() const;

  // Queues `bytes` for `dest` (MPI_Isend); the buffer lives until the send completes.
  void send(int dest, Tag tag, std::string bytes);
  // The next message that arrived from anyone, if any (never blocks).
  std::optional<Received> poll();
  // Waits up to `timeout` for the queued sends to complete (to peers still alive).
  void flush(std::chrono::milliseconds timeout);

  // Ends every rank of the job (MPI_Abort) with `code`: after an error on one
  // rank, the others would otherwise wait for it forever.
  [[noreturn]] void abort(int code);

  // A peer is gone: MPI_Finalize must be skipped at the end.
  void mark_peer_lost() { peer_lost_ = true; }
  bool peer_lost() const { return peer_lost_; }

  // Whether this process was started by mpirun/mpiexec with more than one
  // rank (read from the environment, before MPI is initialised).
  static bool launched_with_several_ranks();

 private:
  struct Outgoing;
  void complete_sends();

  int rank_ = 0;
  int size_ = 1;
  bool peer_lost_ = false;
  std::list<std::unique_ptr<Outgoing>> outbox_;
};

}  // namespace tunet::tuner::mpi
