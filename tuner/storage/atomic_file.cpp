#include "tuner/storage/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.hpp"
#include "tuner/storage/crash_point.hpp"
#include "tuner/storage/storage_error.hpp"

namespace tunet::tuner {

namespace fs = std::filesystem;

void sync_path(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw Error("cannot open " + path.string() + " to sync it: " + std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) throw Error("fsync of " + path.string() + " failed: " + std::strerror(err));
}

void write_file_atomically(const fs::path& path, const std::function<void(const fs::path& tmp)>& writer) {
  fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  try {
    writer(tmp);
    sync_path(tmp);
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) throw Error("cannot rename " + tmp.string() + " to " + path.string() + ": " + ec.message());
    sync_path(dir);
  } catch (const std::exception& e) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw StorageError("cannot write " + path.string() + " (" + e.what() + "); the previous file, if any, is intact");
  }
}

void write_file_atomically(const fs::path& path, std::string_view contents, std::string_view crash_point_name) {
  write_file_atomically(path, [&](const fs::path& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot open " + tmp.string() + ": " + std::strerror(errno));
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.close();
    // (ofstream keeps no errno: say what usually fills a write)
    if (!out) throw Error("writing " + tmp.string() + " failed (disk full or a file size limit?)");
    if (!crash_point_name.empty()) crash_point(crash_point_name);
  });
}

void copy_file_atomically(const fs::path& from, const fs::path& to) {
  write_file_atomically(to, [&](const fs::path& tmp) {
    std::error_code ec;
    fs::copy_file(from, tmp, fs::copy_options::overwrite_existing, ec);
    if (ec) throw Error("cannot copy " + from.string() + " to " + tmp.string() + ": " + ec.message());
  });
}

}  // namespace tunet::tuner
