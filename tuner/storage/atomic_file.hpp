#pragma once
// Crash-safe file writes: write a temporary file next to the target, flush it
// to disk, rename it over the target, then sync the directory. A reader (or a
// resumed search) sees either the old file or the new one, never half of one.
//
//   write_file_atomically(dir / "model.ckpt", [&](const fs::path& tmp) { model.save(tmp); });
//   write_file_atomically(dir / "results.csv", csv_text);
#include <filesystem>
#include <functional>
#include <string_view>

namespace tunet::tuner {

// `writer` writes the complete file at the temporary path it is given.
// Throws StorageError (with the path and the reason) when writing, syncing or
// renaming fails; the temporary file is removed then and `path` is untouched.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(const std::filesystem::path& tmp)>& writer);
// `crash_point_name`: the crash point (crash_point.hpp) between writing the
// temporary file and renaming it; empty: none.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents,
                           std::string_view crash_point_name = {});

// Copies `from` to `to` atomically (the best model into repo_dir).
void copy_file_atomically(const std::filesystem::path& from, const std::filesystem::path& to);

// fsync of a file or a directory by path; throws Error on failure.
void sync_path(const std::filesystem::path& path);

}  // namespace tunet::tuner
