#include "tuner/distributed/mpi_session.hpp"

#include <mpi.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "core/error.hpp"

namespace tunet::tuner::mpi {

struct MpiSession::Outgoing {
  std::string bytes;
  MPI_Request request = MPI_REQUEST_NULL;
};

namespace {

void check_mpi(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw Error(std::string("MPI: ") + what + " failed: " + std::string(text, static_cast<size_t>(length)));
}

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
  int provided = 0;
  check_mpi(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  // Errors come back as codes (a dead peer must not abort the search).
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  if (peer_lost_) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(0);
  }
  flush(std::chrono::milliseconds(2000));
  MPI_Finalize();
}

void MpiSession::abort(int code) {
  std::cout.flush();
  std::cerr.flush();
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

std::string MpiSession::host() const {
  char name[MPI_MAX_PROCESSOR_NAME];
  int length = 0;
  MPI_Get_processor_name(name, &length);
  return std::string(name, static_cast<size_t>(length));
}

void MpiSession::send(int dest, Tag tag, std::string bytes) {
  check(bytes.size() < static_cast<size_t>(INT32_MAX),
        "MPI: a message of " + std::to_string(bytes.size()) + " bytes is over MPI's 2 GiB count limit");
  auto out = std::make_unique<Outgoing>(Outgoing{std::move(bytes)});
  check_mpi(MPI_Isend(out->bytes.data(), static_cast<int>(out->bytes.size()), MPI_BYTE, dest, tag, MPI_COMM_WORLD,
                      &out->request),
            "MPI_Isend");
  outbox_.push_back(std::move(out));
  complete_sends();
}

void MpiSession::complete_sends() {
  for (auto it = outbox_.begin(); it != outbox_.end();) {
    int done = 0;
    MPI_Test(&(*it)->request, &done, MPI_STATUS_IGNORE);
    if (done) {
      it = outbox_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<Received> MpiSession::poll() {
  complete_sends();
  int flag = 0;
  MPI_Status status;
  check_mpi(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status), "MPI_Iprobe");
  if (!flag) return std::nullopt;
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  Received r{status.MPI_SOURCE, status.MPI_TAG, std::string(static_cast<size_t>(count), '\0')};
  check_mpi(MPI_Recv(r.bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE),
            "MPI_Recv");
  return r;
}

void MpiSession::flush(std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (!outbox_.empty() && std::chrono::steady_clock::now() < end) {
    complete_sends();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

bool MpiSession::launched_with_several_ranks() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"})
    if (const char* v = std::getenv(name)) return std::atoi(v) > 1;
  return false;
}

}  // namespace tunet::tuner::mpi
