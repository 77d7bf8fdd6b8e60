// The journal file (journal_file.hpp): checksummed lines, torn tails cut
// off, appends that either land whole and fsync'ed or leave the file as it was.
#include "tuner/storage/journal_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <system_error>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/storage/crash_point.hpp"
#include "tuner/storage/crc32.hpp"
#include "tuner/storage/storage_error.hpp"

namespace tunet::tuner {

namespace fs = std::filesystem;

namespace {

constexpr size_t kChecksumDigits = 8;

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string hex32(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "%08x", value);
  return text;
}

// The line's checksum when it ends in a tab and 8 hex digits, and the JSON before it.
std::optional<std::pair<std::string_view, uint32_t>> split_checksum(std::string_view line) {
  if (line.size() < kChecksumDigits + 1 || line[line.size() - kChecksumDigits - 1] != '\t') return std::nullopt;
  uint32_t value = 0;
  for (char c : line.substr(line.size() - kChecksumDigits)) {
    const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return std::nullopt;
    value = value << 4 | static_cast<uint32_t>(digit);
  }
  return std::make_pair(line.substr(0, line.size() - kChecksumDigits - 1), value);
}

void write_all(int fd, const char* p, size_t left) {
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::system_error(errno, std::generic_category());
    p += n;
    left -= static_cast<size_t>(n);
  }
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Creates and removes a file in `dir`: the one sure test that checkpoints and
// results can be written there (access(2) says yes to root on a read-only mount).
void check_writable(const fs::path& dir) {
  const fs::path probe = dir / (".tunet-write-probe-" + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw StorageError("repo_dir " + dir.string() + " is not writable (" + std::strerror(errno) +
                       "): the search writes its journal, checkpoints and results there");
  ::close(fd);
  ::unlink(probe.c_str());
}

}  // namespace

std::string journal_line(const Json& event) {
  std::string json = event.dump();  // one line: dump() escapes control characters, tabs included
  const uint32_t checksum = crc32(json);
  json += '\t';
  json += hex32(checksum);
  json += '\n';
  return json;
}

JournalText parse_journal(std::string_view text, const std::string& source) {
  JournalText out;
  bool checksummed = false;  // a line with a checksum was seen: every later line needs one
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    const size_t end = text.find('\n', pos);
    ++line_no;
    const std::string where = source + ":" + std::to_string(line_no) + ": ";
    if (end == std::string_view::npos) {  // no newline: the write of this line was cut short
      out.torn_tail = where + "the last line is incomplete (" + std::to_string(text.size() - pos) +
                      " bytes without a newline)";
      break;
    }
    const std::string_view line = text.substr(pos, end - pos);
    const bool last = end + 1 == text.size();
    std::string problem;
    std::optional<Json> event;
    if (line.empty()) {
      out.valid_bytes = pos = end + 1;
      continue;
    }
    std::string_view json = line;
    if (auto split = split_checksum(line)) {
      checksummed = true;
      json = split->first;
      const uint32_t actual = crc32(json);
      if (actual != split->second)
        problem = "checksum mismatch (the line says " + hex32(split->second) + ", its text gives " +
                  hex32(actual) + ")";
    } else if (checksummed) {
      problem = "no checksum (every line after the first checksummed one carries one)";
    }
    if (problem.empty()) {
      try {
        event = Json::parse(json);
        if (!event->is_object()) problem = "not a journal event (expected a JSON object)";
      } catch (const nlohmann::json::exception& e) {
        problem = "not a journal event: " + json_error_detail(e);
      }
    }
    if (!problem.empty()) {
      if (!last) throw Error(where + problem + "; the journal is corrupt before its end and cannot be replayed");
      out.torn_tail = where + "the last line is torn: " + problem;
      break;
    }
    out.events.push_back(std::move(*event));
    out.valid_bytes = pos = end + 1;
  }
  return out;
}

Journal::Journal(const fs::path& repo_dir) : path_(repo_dir / kFileName) {
  std::error_code ec;
  fs::create_directories(repo_dir, ec);
  if (ec) throw StorageError("cannot create repo_dir " + repo_dir.string() + ": " + ec.message());
  check_writable(repo_dir);
  const std::string text = read_text(path_);
  const JournalText parsed = parse_journal(text, path_.string());
  if (parsed.valid_bytes < text.size()) {
    // The torn last line never happened: cut it off, so appends stay whole lines.
    fs::resize_file(path_, parsed.valid_bytes, ec);
    if (ec) throw StorageError("cannot cut the torn last line off " + path_.string() + ": " + ec.message());
    repaired_tail_ = parsed.torn_tail;
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw StorageError("cannot write the journal " + path_.string() + ": " + std::strerror(errno));
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::append(Json event) {
  event["time"] = now_seconds();
  const std::string line = journal_line(event);
  struct stat before {};
  if (::fstat(fd_, &before) != 0)
    throw StorageError("cannot stat the journal " + path_.string() + ": " + std::strerror(errno));
  crash_point("journal_append", [&] { write_all(fd_, line.data(), line.size() / 2); });
  try {
    // One write per line, then fsync: the event exists once fsync returns.
    write_all(fd_, line.data(), line.size());
    if (::fsync(fd_) != 0) throw std::system_error(errno, std::generic_category());
  } catch (const std::system_error& e) {
    // Take back whatever part of the line reached the file.
    const bool restored = ::ftruncate(fd_, before.st_size) == 0 && ::fsync(fd_) == 0;
    throw StorageError("cannot append to the journal " + path_.string() + " (" + e.code().message() + "); " +
                       (restored ? "the journal is unchanged (" + std::to_string(before.st_size) +
                                       " bytes), the search can resume from it once the problem is fixed"
                                 : "its last line may be torn, which the next run drops"));
  }
}

std::vector<Json> Journal::read(const fs::path& repo_dir) {
  const fs::path path = repo_dir / kFileName;
  return parse_journal(read_text(path), path.string()).events;
}

}  // namespace tunet::tuner
