#include "nn/model_file.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace tunet::nn {

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  check(in.good(), "Sequential.load: cannot open '" + path + "'");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

}  // namespace

uint64_t model_file_checksum(const char* data, size_t size) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < size; ++i) {
    hash ^= static_cast<unsigned char>(data[i]);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::string model_file_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ' || c == '=' || c == '%' || static_cast<unsigned char>(c) < 0x20) {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
      out += hex;
    } else {
      out += c;
    }
  }
  return out;
}

ModelFileReader::ModelFileReader(std::string path) : path_(std::move(path)), file_(read_file(path_)) {
  const std::string magic = std::string(kModelFileMagic) + " ";
  check(file_.compare(0, magic.size(), magic) == 0,
        "Sequential.load: '" + path_ + "' is not a tunet model file (it does not start with '" +
            std::string(kModelFileMagic) + "')");
  const size_t end_mark = file_.find("\nend\n");
  check(end_mark != std::string::npos, "Sequential.load: " + path_ + ": the header has no 'end' line (truncated?)");
  payload_at_ = end_mark + 5;
  lines_ = split_lines(file_.substr(0, end_mark + 1));
}

void ModelFileReader::check_version(int supported) {
  const auto version = expect(kModelFileMagic);
  check(version.size() == 1 && integer(version[0]) == supported,
        fail("unsupported format version (this build reads version " + std::to_string(supported) + ")"));
}

Shape ModelFileReader::input_shape() {
  Shape shape;
  for (const auto& d : expect("input_shape")) shape.push_back(integer(d, 1));
  return shape;
}

uint64_t ModelFileReader::seed() {
  const auto words = expect("seed");
  check(words.size() == 1, fail("seed takes one value"));
  return unsigned_integer(words[0]);
}

int64_t ModelFileReader::epochs_trained() {
  const auto words = expect("epochs_trained");
  check(words.size() == 1, fail("epochs_trained takes one value"));
  return integer(words[0]);
}

std::vector<ModelFileLayer> ModelFileReader::layers() {
  std::vector<ModelFileLayer> layers;
  while (next_is("layer")) {
    const auto words = expect("layer");
    check(words.size() >= 2, fail("a layer line needs a type and a name"));
    ModelFileLayer layer{unescape(words[0]), unescape(words[1]), {}};
    for (size_t i = 2; i < words.size(); ++i) layer.config.insert(key_value(words[i]));
    layers.push_back(std::move(layer));
  }
  return layers;
}

bool ModelFileReader::compiled() {
  const auto words = expect("compiled");
  check(words.size() == 1 && (words[0] == "0" || words[0] == "1"), fail("compiled is 0 or 1"));
  return words[0] == "1";
}

ModelFileCompilation ModelFileReader::compilation() {
  ModelFileCompilation c;
  const auto loss_words = expect("loss");
  check(loss_words.size() == 1, fail("loss takes one name"));
  c.loss = unescape(loss_words[0]);
  for (const auto& m : expect("metrics")) c.metrics.push_back(unescape(m));
  const auto optimizer_words = expect("optimizer");
  check(!optimizer_words.empty(), fail("optimizer needs a name"));
  c.optimizer = unescape(optimizer_words[0]);
  for (size_t i = 1; i < optimizer_words.size(); ++i) {
    const auto [key, value] = key_value(optimizer_words[i]);
    c.settings[key] = real(value);
  }
  if (next_is("learning_rate_schedule")) {
    const auto words = expect("learning_rate_schedule");
    check(!words.empty(), fail("learning_rate_schedule needs a name"));
    ScheduleArguments arguments;
    for (size_t i = 1; i < words.size(); ++i) {
      const auto [key, value] = key_value(words[i]);
      arguments[key] = value;
    }
    try {
      c.schedule = make_schedule(unescape(words[0]), arguments);
    } catch (const Error& e) {
      throw Error(fail(e.what()));
    }
  }
  const auto state_words = expect("optimizer_state");
  check(state_words.size() == 2, fail("optimizer_state takes iterations and a parameter count"));
  c.state.iterations = integer(state_words[0]);
  c.state.parameter_count = integer(state_words[1]);
  return c;
}

ModelFileBlobs ModelFileReader::blobs() {
  ModelFileBlobs b;
  const auto parameter_words = expect("blob");
  check(parameter_words.size() == 2 && parameter_words[0] == "parameters", fail("expected 'blob parameters N'"));
  b.parameter_count = integer(parameter_words[1]);
  const auto slot_words = expect("blob");
  check(slot_words.size() == 2 && slot_words[0] == "optimizer_slots", fail("expected 'blob optimizer_slots N'"));
  b.slot_count = integer(slot_words[1]);
  const auto checksum_words = expect("checksum");
  check(checksum_words.size() == 1, fail("checksum takes one value"));
  const uint64_t checksum = unsigned_integer(checksum_words[0], 16);

  // Exactly the announced floats, with the announced checksum.
  const size_t expected_bytes = static_cast<size_t>(b.parameter_count + b.slot_count) * sizeof(float);
  const size_t actual_bytes = file_.size() - payload_at_;
  check(actual_bytes == expected_bytes,
        "Sequential.load: " + path_ + ": the header announces " + std::to_string(expected_bytes) +
            " bytes of weights and optimizer state but the file holds " + std::to_string(actual_bytes) +
            (actual_bytes < expected_bytes ? " (truncated)" : " (trailing data)"));
  check(model_file_checksum(file_.data() + payload_at_, actual_bytes) == checksum,
        "Sequential.load: " + path_ + ": checksum mismatch (the file is corrupted)");
  b.parameters = file_.data() + payload_at_;
  b.slots = b.parameters + b.parameter_count * sizeof(float);
  return b;
}

std::string ModelFileReader::fail(const std::string& what) const {
  return "Sequential.load: " + path_ + ": header line " + std::to_string(index_) + ": " + what;
}

std::vector<std::string> ModelFileReader::expect(const std::string& keyword) {
  check(index_ < lines_.size(), fail("ends early, expected '" + keyword + "'"));
  std::vector<std::string> words = split_words(lines_[index_++]);
  check(!words.empty() && words[0] == keyword, fail("expected '" + keyword + "'"));
  words.erase(words.begin());
  return words;
}

bool ModelFileReader::next_is(const std::string& keyword) const {
  if (index_ >= lines_.size()) return false;
  const std::vector<std::string> words = split_words(lines_[index_]);
  return !words.empty() && words[0] == keyword;
}

int64_t ModelFileReader::integer(const std::string& text, int64_t low) const {
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  check(!text.empty() && errno == 0 && *end == '\0' && value >= low,
        fail("'" + text + "' is not an integer >= " + std::to_string(low)));
  return value;
}

uint64_t ModelFileReader::unsigned_integer(const std::string& text, int base) const {
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), &end, base);
  check(!text.empty() && text[0] != '-' && errno == 0 && *end == '\0',
        fail("'" + text + "' is not an unsigned integer"));
  return value;
}

double ModelFileReader::real(const std::string& text) const {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  check(!text.empty() && *end == '\0', fail("'" + text + "' is not a number"));
  return value;
}

std::pair<std::string, std::string> ModelFileReader::key_value(const std::string& word) const {
  const size_t eq = word.find('=');
  check(eq != std::string::npos && eq > 0, fail("'" + word + "' is not key=value"));
  return {unescape(word.substr(0, eq)), unescape(word.substr(eq + 1))};
}

std::string ModelFileReader::unescape(const std::string& text) const {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    check(i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
              std::isxdigit(static_cast<unsigned char>(text[i + 2])),
          fail("bad escape in '" + text + "'"));
    out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  return out;
}

}  // namespace tunet::nn
