// RunLock (run_lock.hpp): flock(2) on the lock file, tried every few
// milliseconds until the timeout, the holder's pid written in the file.
#include "tuner/storage/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "tuner/storage/storage_error.hpp"

namespace tunet::tuner {

namespace {

constexpr auto kRetryInterval = std::chrono::milliseconds(5);

std::string holder_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string pid;
  in >> pid;
  return pid.empty() ? "another process" : "process " + pid;
}

std::string seconds_text(double s) {
  std::ostringstream out;
  out << s;
  return out.str();
}

}  // namespace

RunLock::RunLock(const std::filesystem::path& file, double timeout_s) {
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw StorageError(file.string() + ": cannot open the lock file: " + std::strerror(errno));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (error == EINTR) continue;
    if (error != EWOULDBLOCK || std::chrono::steady_clock::now() >= deadline) {
      ::close(fd_);
      if (error != EWOULDBLOCK) throw StorageError(file.string() + ": cannot lock: " + std::strerror(error));
      throw Error(file.string() + ": locked by " + holder_of(file) + " for more than " + seconds_text(timeout_s) +
                  " s (another tunet ask or tell on this run; --lock-timeout waits longer)");
    }
    std::this_thread::sleep_for(kRetryInterval);
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, pid.data(), pid.size(), 0);  // for a waiter's message only
}

RunLock::~RunLock() {
  if (fd_ < 0) return;
  (void)!::ftruncate(fd_, 0);  // no stale pid for the next waiter's message
  ::close(fd_);                // closing the last descriptor releases the flock
}

}  // namespace tunet::tuner
