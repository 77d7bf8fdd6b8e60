#include "tuner/storage/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <system_error>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/space/space.hpp"
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

Json started_event(const Trial& t) {
  Json j = Json::object();
  j["event"] = "started";
  j["trial"] = t.id;
  j["params"] = t.params.to_json();
  j["budget"] = t.budget;
  j["initial_epoch"] = t.initial_epoch;
  j["bracket"] = t.bracket;
  j["rung"] = t.rung;
  j["resumed_from"] = t.resumed_from ? Json(*t.resumed_from) : Json();
  return j;
}

Json epoch_event(int trial_id, const EpochRecord& record, const std::string& checkpoint) {
  Json j = Json::object();
  j["event"] = "epoch";
  j["trial"] = trial_id;
  j["epoch"] = record.epoch;
  Json metrics = Json::object();
  for (const auto& [name, value] : record.metrics) metrics[name] = std::isfinite(value) ? Json(value) : Json();
  j["metrics"] = metrics;
  j["wall_s"] = record.wall_s;
  j["checkpoint"] = checkpoint;
  if (!record.fold_metrics.empty()) {
    Json folds = Json::array();
    for (const Metrics& fold : record.fold_metrics) {
      Json m = Json::object();
      for (const auto& [name, value] : fold) m[name] = std::isfinite(value) ? Json(value) : Json();
      folds.push_back(m);
    }
    j["fold_metrics"] = folds;
  }
  return j;
}

Json finished_event(const Trial& t) {
  Json j = Json::object();
  j["event"] = "finished";
  j["trial"] = t.id;
  j["status"] = status_name(t.status);
  j["value"] = t.value && std::isfinite(*t.value) ? Json(*t.value) : Json();
  j["folds"] = t.fold_values;
  j["wall_s"] = t.wall_s;
  j["failure"] = t.failure;
  j["checkpoint"] = t.checkpoint;
  j["value_epoch"] = t.value_epoch;
  j["value_checkpoint"] = t.value_checkpoint;
  j["stop_reason"] = t.stop_reason;
  return j;
}

EpochRecord epoch_record_from_event(const Json& e, const std::string& where) {
  auto at = [&](const char* key) -> const Json& {
    require_field(e, key, where);
    return e.at(key);
  };
  auto read_metrics = [&](const Json& m, const std::string& path) {
    require_object(m, path);
    Metrics out;
    for (const auto& [name, value] : m.items())
      out.emplace_back(name, value.is_null() ? std::nan("") : number_value(value, path + "." + name));
    return out;
  };
  EpochRecord r;
  r.epoch = static_cast<int>(integer_value(at("epoch"), field_path(where, "epoch"), 0, INT32_MAX));
  r.metrics = read_metrics(at("metrics"), where + ".metrics");
  if (e.contains("fold_metrics")) {  // version 3, cross-validation
    require_array(e.at("fold_metrics"), where + ".fold_metrics");
    for (size_t i = 0; i < e.at("fold_metrics").size(); ++i)
      r.fold_metrics.push_back(read_metrics(e.at("fold_metrics")[i], element_path(where + ".fold_metrics", i)));
  }
  r.wall_s = number_value(at("wall_s"), field_path(where, "wall_s"));
  return r;
}

Json lost_event(int trial_id, const std::string& reason, int attempt) {
  return {{"event", "lost"}, {"trial", trial_id}, {"reason", reason}, {"attempt", attempt}};
}

JournalState replay(const std::vector<Json>& events) {
  JournalState state;
  size_t index = 0;
  for (const Json& e : events) {
    ++index;
    const std::string where = "journal event " + std::to_string(index);
    auto at = [&](const char* key) -> const Json& {
      require_field(e, key, where);
      return e.at(key);
    };
    auto integer = [&](const char* key, int64_t low = kNoLow) {
      return static_cast<int>(integer_value(at(key), field_path(where, key), std::max<int64_t>(low, INT32_MIN),
                                            INT32_MAX));
    };
    auto number = [&](const char* key) { return number_value(at(key), field_path(where, key)); };
    auto text = [&](const char* key) { return string_value(at(key), field_path(where, key)); };
    auto known_trial = [&]() -> Trial& {
      const int id = integer("trial", 0);
      auto it = state.trials.find(id);
      if (it == state.trials.end())
        throw Error(where + " (" + e.value("event", "?") + "): trial " + std::to_string(id) +
                    " has no \"started\" event before it");
      return it->second;
    };
    require_object(e, where);
    const std::string kind = text("event");
    if (kind == "study") {
      require_object(at("objective"), where + ".objective");
      const Json& objective = e.at("objective");
      require_field(objective, "metric", where + ".objective");
      require_field(objective, "direction", where + ".objective");
      state.metric = string_value(objective.at("metric"), where + ".objective.metric");
      const std::string direction = string_value(objective.at("direction"), where + ".objective.direction");
      if (direction != "minimize" && direction != "maximize")
        field_error(where + ".objective.direction", "minimize or maximize", objective.at("direction"));
      state.direction = direction_from_name(direction);
      state.mode = ObjectiveMode::Last;  // journals before version 3 scored the last epoch
      if (objective.contains("mode")) {
        const std::string mode = string_value(objective.at("mode"), where + ".objective.mode");
        if (mode != "best" && mode != "last") field_error(where + ".objective.mode", "best or last", objective.at("mode"));
        state.mode = mode_from_name(mode);
      }
      try {
        Space::from_json(at("space"));
      } catch (const Error& ex) {
        throw Error(where + " (study): " + ex.what());
      }
      state.header = e;
    } else if (kind == "resumed") {
      ++state.resumes;
    } else if (kind == "started") {
      Trial t;
      t.id = integer("trial", 0);
      t.params = params_from_json(at("params"), where + ".params");
      t.budget = integer("budget", 0);
      t.initial_epoch = integer("initial_epoch", 0);
      t.bracket = integer("bracket", -1);
      t.rung = integer("rung", -1);
      if (!at("resumed_from").is_null()) t.resumed_from = integer("resumed_from", 0);
      if (state.trials.count(t.id)) throw Error(where + " (started): trial " + std::to_string(t.id) + " was started before");
      state.steps.push_back({false, t.id});
      state.trials[t.id] = std::move(t);
    } else if (kind == "epoch") {
      Trial& t = known_trial();
      t.history.push_back(epoch_record_from_event(e, where));
      t.checkpoint = text("checkpoint");
    } else if (kind == "finished") {
      Trial& t = known_trial();
      const std::string status = text("status");
      if (status != "completed" && status != "failed" && status != "pruned")
        field_error(where + ".status", "completed, failed or pruned", e.at("status"));
      t.status = status_from_name(status);
      if (!at("value").is_null()) t.value = number("value");
      require_array(at("folds"), where + ".folds");
      t.fold_values.clear();
      for (size_t i = 0; i < e.at("folds").size(); ++i)
        t.fold_values.push_back(number_value(e.at("folds")[i], element_path(where + ".folds", i)));
      t.wall_s = number("wall_s");
      t.failure = text("failure");
      t.checkpoint = text("checkpoint");
      // Version 3's fields; an older journal scored the last epoch, with its last checkpoint.
      t.value_epoch = e.contains("value_epoch") ? integer("value_epoch", 0) : t.history.empty() ? 0 : t.last_epoch();
      t.value_checkpoint = e.contains("value_checkpoint") ? text("value_checkpoint") : t.checkpoint;
      t.stop_reason = e.contains("stop_reason") ? text("stop_reason") : "";
      if (t.status == TrialStatus::Completed && t.value)
        t.loss = state.direction == Direction::Minimize ? *t.value : -*t.value;
      state.steps.push_back({true, t.id});
    } else if (kind == "lost") {
      const Trial& t = known_trial();
      text("reason");
      state.lost[t.id] = integer("attempt", 1);
    } else {
      field_error(where + ".event", "study, started, epoch, finished, lost or resumed", e.at("event"));
    }
  }
  return state;
}

}  // namespace tunet::tuner
