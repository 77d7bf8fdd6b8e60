#include "tuner/distributed/trial_message.hpp"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/storage/journal.hpp"

namespace tunet::tuner {

namespace fs = std::filesystem;

namespace {

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i) & 0xff));
}

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i) & 0xff));
}

// Reads the encoded message front to back; every read checks the length left.
class Reader {
 public:
  Reader(std::string_view bytes, const std::string& source) : bytes_(bytes), source_(source) {}

  std::uint64_t integer(int width, const char* what) {
    need(static_cast<size_t>(width), what);
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes_[pos_ + i])) << (8 * i);
    pos_ += static_cast<size_t>(width);
    return v;
  }

  std::string_view text(std::uint64_t size, const char* what) {
    need(size, what);
    std::string_view s = bytes_.substr(pos_, size);
    pos_ += size;
    return s;
  }

  void expect_end() const {
    if (pos_ != bytes_.size())
      throw Error(source_ + ": " + std::to_string(bytes_.size() - pos_) + " bytes after the last file");
  }

 private:
  void need(std::uint64_t size, const char* what) const {
    if (size > bytes_.size() - pos_)
      throw Error(source_ + ": truncated message: " + what + " needs " + std::to_string(size) + " bytes at offset " +
                  std::to_string(pos_) + ", " + std::to_string(bytes_.size() - pos_) + " left");
  }
  std::string_view bytes_;
  const std::string& source_;
  size_t pos_ = 0;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  check(static_cast<bool>(in), "cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string encode_message(const Message& message) {
  const std::string header = message.header.dump();
  std::string out;
  put_u32(out, static_cast<std::uint32_t>(header.size()));
  out += header;
  put_u32(out, static_cast<std::uint32_t>(message.files.size()));
  for (const FileBlob& f : message.files) {
    put_u32(out, static_cast<std::uint32_t>(f.name.size()));
    out += f.name;
    put_u64(out, f.bytes.size());
    out += f.bytes;
  }
  return out;
}

Message decode_message(std::string_view bytes, const std::string& source) {
  Reader in(bytes, source);
  Message m;
  const std::string_view header = in.text(in.integer(4, "the header's length"), "the header");
  try {
    m.header = Json::parse(header);
  } catch (const std::exception& e) {
    throw Error(source + ": the header is not JSON: " + json_error_detail(e));
  }
  const std::uint64_t files = in.integer(4, "the file count");
  for (std::uint64_t i = 0; i < files; ++i) {
    FileBlob f;
    f.name = std::string(in.text(in.integer(4, "a file name's length"), "a file name"));
    if (f.name.empty() || f.name.find('/') != std::string::npos || f.name == "." || f.name == "..")
      throw Error(source + ": file name \"" + f.name + "\" is not a plain file name");
    f.bytes = std::string(in.text(in.integer(8, "a file's size"), "a file's bytes"));
    m.files.push_back(std::move(f));
  }
  in.expect_end();
  return m;
}

std::vector<FileBlob> checkpoint_files(const fs::path& checkpoint) {
  std::vector<FileBlob> files;
  if (checkpoint.empty()) return files;
  for (int fold = 0;; ++fold) {
    const fs::path p = TrainingObjective::fold_checkpoint(checkpoint, fold);
    if (!fs::exists(p)) break;
    files.push_back({p.filename().string(), read_file(p)});
  }
  return files;
}

Message job_message(const TrialJob& job, bool with_files) {
  Message m;
  Json& h = m.header;
  h["trial"] = job.trial;
  h["params"] = job.params.to_json();
  h["budget"] = job.budget;
  h["initial_epoch"] = job.initial_epoch;
  h["seed"] = job.seed;
  h["resume"] = job.resume_from.empty() ? "" : job.resume_from.filename().string();
  Json history = Json::array();
  for (const EpochRecord& r : job.history) history.push_back(epoch_event(job.trial, r, ""));
  h["history"] = history;
  h["shared"] = !with_files;
  h["checkpoint_dir"] = job.checkpoint_dir.string();
  h["resume_path"] = job.resume_from.string();
  if (!with_files) return m;
  m.files = checkpoint_files(job.resume_from);
  check(job.resume_from.empty() || !m.files.empty(),
        "trial " + std::to_string(job.trial) + ": its checkpoint " + job.resume_from.string() + " is missing");
  return m;
}

TrialJob job_from_message(const Message& m, const fs::path& work_dir) {
  const Json& h = m.header;
  const std::string where = "job";
  auto field = [&](const char* key) -> const Json& {
    require_field(h, key, where);
    return h.at(key);
  };
  TrialJob job;
  job.trial = static_cast<int>(integer_value(field("trial"), "job.trial", 0, INT32_MAX));
  job.params = params_from_json(field("params"), "job.params");
  job.budget = static_cast<int>(integer_value(field("budget"), "job.budget", 1, INT32_MAX));
  job.initial_epoch = static_cast<int>(integer_value(field("initial_epoch"), "job.initial_epoch", 0, INT32_MAX));
  job.seed = unsigned_value(field("seed"), "job.seed");
  require_array(field("history"), "job.history");
  for (size_t i = 0; i < h.at("history").size(); ++i)
    job.history.push_back(epoch_record_from_event(h.at("history")[i], element_path("job.history", i)));
  if (bool_value(field("shared"), "job.shared")) {
    job.checkpoint_dir = string_value(field("checkpoint_dir"), "job.checkpoint_dir");
    job.resume_from = string_value(field("resume_path"), "job.resume_path");
    return job;
  }
  job.checkpoint_dir = work_dir;
  fs::create_directories(work_dir);
  for (const FileBlob& f : m.files) std::ofstream(work_dir / f.name, std::ios::binary) << f.bytes;
  const std::string resume = string_value(field("resume"), "job.resume");
  if (!resume.empty()) job.resume_from = work_dir / resume;
  return job;
}

Message epoch_message(int trial, const EpochRecord& record, const fs::path& checkpoint) {
  return {epoch_event(trial, record, ""), checkpoint_files(checkpoint)};
}

EpochRecord epoch_from_message(const Message& m) { return epoch_record_from_event(m.header, "epoch message"); }

Json outcome_to_json(int trial, const TrialOutcome& o) {
  static const char* kinds[] = {"completed", "pruned", "failed"};
  Json j = Json::object();
  j["trial"] = trial;
  j["kind"] = kinds[static_cast<int>(o.kind)];
  j["value"] = std::isfinite(o.score.value) ? Json(o.score.value) : Json();
  Json folds = Json::array();
  for (double v : o.score.folds) folds.push_back(std::isfinite(v) ? Json(v) : Json());
  j["folds"] = folds;
  j["stop_reason"] = o.score.stop_reason;
  j["message"] = o.message;
  return j;
}

TrialOutcome outcome_from_json(const Json& h) {
  const std::string where = "finished message";
  for (const char* key : {"kind", "value", "folds", "stop_reason", "message"}) require_field(h, key, where);
  TrialOutcome o;
  const std::string kind = string_value(h.at("kind"), where + ".kind");
  if (kind == "completed") o.kind = TrialOutcome::Kind::Completed;
  else if (kind == "pruned") o.kind = TrialOutcome::Kind::Pruned;
  else if (kind == "failed") o.kind = TrialOutcome::Kind::Failed;
  else field_error(where + ".kind", "completed, pruned or failed", h.at("kind"));
  // A non-finite value travels as null and fails the trial as "not finite".
  o.score.value = h.at("value").is_null() ? std::nan("") : number_value(h.at("value"), where + ".value");
  require_array(h.at("folds"), where + ".folds");
  for (size_t i = 0; i < h.at("folds").size(); ++i) {
    const Json& v = h.at("folds")[i];
    o.score.folds.push_back(v.is_null() ? std::nan("") : number_value(v, element_path(where + ".folds", i)));
  }
  o.score.stop_reason = string_value(h.at("stop_reason"), where + ".stop_reason");
  o.message = string_value(h.at("message"), where + ".message");
  return o;
}

}  // namespace tunet::tuner
