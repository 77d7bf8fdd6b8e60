#include "tuner/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace tunet::tuner {

namespace fs = std::filesystem;

namespace {

// Drops a last line left without its newline by a crash, so appends stay whole lines.
void truncate_torn_tail(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return;
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.empty() || text.back() == '\n') return;
  size_t keep = text.rfind('\n');
  keep = keep == std::string::npos ? 0 : keep + 1;
  fs::resize_file(path, keep, ec);
  if (ec) throw Error("cannot repair the torn last line of " + path.string() + ": " + ec.message());
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

Journal::Journal(const fs::path& repo_dir) : path_(repo_dir / kFileName) {
  std::error_code ec;
  fs::create_directories(repo_dir, ec);
  if (ec) throw Error("cannot create repo_dir " + repo_dir.string() + ": " + ec.message());
  truncate_torn_tail(path_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error("cannot write the journal " + path_.string() + ": " + std::strerror(errno));
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::append(Json event) {
  event["time"] = now_seconds();
  std::string line = event.dump() + "\n";
  // One write per line: a crash leaves at most a torn last line, which read() ignores.
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error("writing the journal " + path_.string() + " failed: " + std::strerror(errno));
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd_) != 0) throw Error("fsync of the journal " + path_.string() + " failed: " + std::strerror(errno));
}

std::vector<Json> Journal::read(const fs::path& repo_dir) {
  fs::path path = repo_dir / kFileName;
  std::vector<Json> events;
  std::ifstream in(path, std::ios::binary);
  if (!in) return events;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) break;  // torn last line: the event never happened
    ++line_no;
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    if (line.empty()) continue;
    try {
      events.push_back(Json::parse(line));
    } catch (const nlohmann::json::parse_error& e) {
      throw Error(path.string() + ":" + std::to_string(line_no) + ": not a journal event: " + e.what());
    }
  }
  return events;
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
  return j;
}

JournalState replay(const std::vector<Json>& events) {
  JournalState state;
  Direction direction = Direction::Minimize;
  size_t index = 0;
  for (const Json& e : events) {
    ++index;
    try {
      const std::string kind = e.at("event").get<std::string>();
      if (kind == "study") {
        state.header = e;
        direction = direction_from_name(e.at("objective").at("direction").get<std::string>());
      } else if (kind == "resumed") {
        ++state.resumes;
      } else if (kind == "started") {
        Trial t;
        t.id = e.at("trial").get<int>();
        t.params = Params::from_json(e.at("params"));
        t.budget = e.at("budget").get<int>();
        t.initial_epoch = e.at("initial_epoch").get<int>();
        t.bracket = e.at("bracket").get<int>();
        t.rung = e.at("rung").get<int>();
        if (!e.at("resumed_from").is_null()) t.resumed_from = e.at("resumed_from").get<int>();
        state.trials[t.id] = std::move(t);
      } else if (kind == "epoch") {
        Trial& t = state.trials.at(e.at("trial").get<int>());
        EpochRecord r;
        r.epoch = e.at("epoch").get<int>();
        for (const auto& [name, value] : e.at("metrics").items())
          r.metrics.emplace_back(name, value.is_null() ? std::nan("") : value.get<double>());
        r.wall_s = e.at("wall_s").get<double>();
        t.history.push_back(std::move(r));
        t.checkpoint = e.at("checkpoint").get<std::string>();
      } else if (kind == "finished") {
        Trial& t = state.trials.at(e.at("trial").get<int>());
        t.status = status_from_name(e.at("status").get<std::string>());
        if (!e.at("value").is_null()) t.value = e.at("value").get<double>();
        t.fold_values = e.at("folds").get<std::vector<double>>();
        t.wall_s = e.at("wall_s").get<double>();
        t.failure = e.at("failure").get<std::string>();
        t.checkpoint = e.at("checkpoint").get<std::string>();
        if (t.status == TrialStatus::Completed && t.value)
          t.loss = direction == Direction::Minimize ? *t.value : -*t.value;
      } else {
        throw Error("unknown event '" + kind + "'");
      }
    } catch (const std::exception& ex) {
      throw Error("journal event " + std::to_string(index) + " (" + e.dump().substr(0, 120) +
                  "): " + ex.what());
    }
  }
  return state;
}

}  // namespace tunet::tuner
