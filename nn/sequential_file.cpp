// Sequential::save / load (one versioned file) and export / import of the
// weights as .npy files.
//
// The file: a text header, then the binary blobs it announces, little-endian
// float32, in order:
//
//   tunet-sequential 1
//   input_shape 784
//   seed 42
//   epochs_trained 3
//   layer Dropout dropout rate=0.2            (type, name, config; %-escaped)
//   layer Dense dense activation=relu units=100
//   compiled 1
//   loss categorical_crossentropy
//   metrics accuracy
//   optimizer RMSprop centered=0 clipnorm=0 ... (settings as %.17g)
//   learning_rate_schedule CosineDecay alpha=0 decay_steps=1000 ...  (only with a schedule)
//   optimizer_state 1407 79616                 (iterations, parameter count)
//   blob parameters 79616                      (floats)
//   blob optimizer_slots 79616
//   checksum 9f3c...                           (FNV-1a 64 of the binary part)
//   end
//
// Load reads everything and checks it (magic, version, every field, the blob
// sizes against the file size, the checksum, the layers against the
// parameter count) before it builds the model it returns.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "nn/layer_factory.hpp"
#include "nn/npy.hpp"
#include "nn/sequential.hpp"

namespace tunet::nn {

namespace {

constexpr const char* kMagic = "tunet-sequential";
constexpr int kVersion = 1;

uint64_t fnv1a(const char* data, size_t size) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < size; ++i) {
    hash ^= static_cast<unsigned char>(data[i]);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

// Config values may hold anything; spaces, '=', '%' and control characters are %XX.
std::string escape(const std::string& text) {
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

std::string number_text(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

void append_floats(std::string& out, const float* values, size_t count) {
  if (count > 0) out.append(reinterpret_cast<const char*>(values), count * sizeof(float));
}

// Reading: every problem is an Error naming the file and the header line.
class HeaderReader {
 public:
  HeaderReader(std::string path, std::string header) : path_(std::move(path)), lines_(split(header)) {}

  // The next line's words; `keyword` must be its first.
  std::vector<std::string> expect(const std::string& keyword) {
    check(index_ < lines_.size(), fail("ends early, expected '" + keyword + "'"));
    std::vector<std::string> words = split_words(lines_[index_++]);
    check(!words.empty() && words[0] == keyword, fail("expected '" + keyword + "'"));
    words.erase(words.begin());
    return words;
  }
  bool next_is(const std::string& keyword) const {
    if (index_ >= lines_.size()) return false;
    const std::vector<std::string> words = split_words(lines_[index_]);
    return !words.empty() && words[0] == keyword;
  }
  int64_t integer(const std::string& text, int64_t low = 0) const {
    char* end = nullptr;
    errno = 0;
    const long long value = std::strtoll(text.c_str(), &end, 10);
    check(!text.empty() && errno == 0 && *end == '\0' && value >= low,
          fail("'" + text + "' is not an integer >= " + std::to_string(low)));
    return value;
  }
  uint64_t unsigned_integer(const std::string& text, int base = 10) const {
    char* end = nullptr;
    errno = 0;
    const unsigned long long value = std::strtoull(text.c_str(), &end, base);
    check(!text.empty() && text[0] != '-' && errno == 0 && *end == '\0',
          fail("'" + text + "' is not an unsigned integer"));
    return value;
  }
  double real(const std::string& text) const {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    check(!text.empty() && *end == '\0', fail("'" + text + "' is not a number"));
    return value;
  }
  std::pair<std::string, std::string> key_value(const std::string& word) const {
    const size_t eq = word.find('=');
    check(eq != std::string::npos && eq > 0, fail("'" + word + "' is not key=value"));
    return {unescape(word.substr(0, eq)), unescape(word.substr(eq + 1))};
  }
  std::string unescape(const std::string& text) const {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '%') {
        out += text[i];
        continue;
      }
      check(i + 2 < text.size() + 0 && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
                std::isxdigit(static_cast<unsigned char>(text[i + 2])),
            fail("bad escape in '" + text + "'"));
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    }
    return out;
  }
  std::string fail(const std::string& what) const {
    return "Sequential.load: " + path_ + ": header line " + std::to_string(index_) + ": " + what;
  }

 private:
  static std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
  static std::vector<std::string> split_words(const std::string& line) {
    std::vector<std::string> words;
    std::istringstream in(line);
    for (std::string w; in >> w;) words.push_back(w);
    return words;
  }

  std::string path_;
  std::vector<std::string> lines_;
  size_t index_ = 0;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  check(in.good(), "Sequential.load: cannot open '" + path + "'");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

void Sequential::save(const std::string& path) {
  ensure_built();
  std::string header = std::string(kMagic) + " " + std::to_string(kVersion) + "\n";
  header += "input_shape";
  for (int64_t d : input_shape_) header.append(" ").append(std::to_string(d));
  header += "\nseed " + std::to_string(seed_) + "\n";
  header += "epochs_trained " + std::to_string(epochs_trained_) + "\n";
  for (const auto& layer : layers_) {
    header += "layer " + escape(layer->type()) + " " + escape(layer->name());
    for (const auto& [key, value] : layer->config())
      header.append(" ").append(escape(key)).append("=").append(escape(value));
    header += "\n";
  }
  header += "compiled " + std::string(compiled() ? "1" : "0") + "\n";
  const OptimizerState empty_state;
  const OptimizerState& state = compiled() ? optimizer_->state() : empty_state;
  if (compiled()) {
    header += "loss " + escape(loss_) + "\n";
    header += "metrics";
    for (const auto& m : metrics_) header.append(" ").append(escape(m));
    header += "\noptimizer " + escape(optimizer_->name());
    for (const auto& [key, value] : optimizer_->settings())
      header.append(" ").append(escape(key)).append("=").append(number_text(value));
    if (const auto& schedule = optimizer_->schedule()) {
      header += "\nlearning_rate_schedule " + escape(schedule_name(*schedule));
      for (const auto& [key, value] : schedule_arguments(*schedule))
        header.append(" ").append(escape(key)).append("=").append(escape(value));
    }
    header += "\noptimizer_state " + std::to_string(state.iterations) + " " +
              std::to_string(state.parameter_count) + "\n";
  }
  std::string payload;
  const std::vector<float> parameters = parameters_.to_vector();  // downloaded from a device
  append_floats(payload, parameters.data(), parameters.size());
  append_floats(payload, state.slots.data(), state.slots.size());
  header += "blob parameters " + std::to_string(parameters.size()) + "\n";
  header += "blob optimizer_slots " + std::to_string(state.slots.size()) + "\n";
  char checksum[24];
  std::snprintf(checksum, sizeof checksum, "%016" PRIx64, fnv1a(payload.data(), payload.size()));
  header += "checksum " + std::string(checksum) + "\nend\n";

  // Write beside the target, then rename: a crash never leaves half a file.
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    check(out.good(), "Sequential.save: cannot write '" + temporary + "'");
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
    out.flush();
    check(out.good(), "Sequential.save: writing '" + temporary + "' failed");
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  check(!error, "Sequential.save: cannot rename '" + temporary + "' to '" + path + "': " + error.message());
}

Sequential Sequential::load(const std::string& path) {
  const std::string file = read_file(path);
  const std::string magic = std::string(kMagic) + " ";
  check(file.compare(0, magic.size(), magic) == 0,
        "Sequential.load: '" + path + "' is not a tunet model file (it does not start with '" +
            std::string(kMagic) + "')");
  const size_t end_mark = file.find("\nend\n");
  check(end_mark != std::string::npos, "Sequential.load: " + path + ": the header has no 'end' line (truncated?)");
  const size_t payload_at = end_mark + 5;
  HeaderReader h(path, file.substr(0, end_mark + 1));

  const auto version = h.expect(kMagic);
  check(version.size() == 1 && h.integer(version[0]) == kVersion,
        h.fail("unsupported format version (this build reads version " + std::to_string(kVersion) + ")"));
  Shape input_shape;
  for (const auto& d : h.expect("input_shape")) input_shape.push_back(h.integer(d, 1));
  const auto seed_words = h.expect("seed");
  check(seed_words.size() == 1, h.fail("seed takes one value"));
  const uint64_t seed = h.unsigned_integer(seed_words[0]);
  const auto epoch_words = h.expect("epochs_trained");
  check(epoch_words.size() == 1, h.fail("epochs_trained takes one value"));
  const int64_t epochs_trained = h.integer(epoch_words[0]);

  struct LayerLine {
    std::string type, name;
    LayerConfig config;
  };
  std::vector<LayerLine> layer_lines;
  while (h.next_is("layer")) {
    const auto words = h.expect("layer");
    check(words.size() >= 2, h.fail("a layer line needs a type and a name"));
    LayerLine line{h.unescape(words[0]), h.unescape(words[1]), {}};
    for (size_t i = 2; i < words.size(); ++i) line.config.insert(h.key_value(words[i]));
    layer_lines.push_back(std::move(line));
  }
  const auto compiled_words = h.expect("compiled");
  check(compiled_words.size() == 1 && (compiled_words[0] == "0" || compiled_words[0] == "1"),
        h.fail("compiled is 0 or 1"));
  const bool compiled = compiled_words[0] == "1";
  std::string loss, optimizer_name;
  std::vector<std::string> metrics;
  OptimizerSettings settings;
  std::optional<LearningRateSchedule> schedule;
  OptimizerState state;
  if (compiled) {
    const auto loss_words = h.expect("loss");
    check(loss_words.size() == 1, h.fail("loss takes one name"));
    loss = h.unescape(loss_words[0]);
    for (const auto& m : h.expect("metrics")) metrics.push_back(h.unescape(m));
    const auto opt_words = h.expect("optimizer");
    check(!opt_words.empty(), h.fail("optimizer needs a name"));
    optimizer_name = h.unescape(opt_words[0]);
    for (size_t i = 1; i < opt_words.size(); ++i) {
      const auto [key, value] = h.key_value(opt_words[i]);
      settings[key] = h.real(value);
    }
    if (h.next_is("learning_rate_schedule")) {
      const auto words = h.expect("learning_rate_schedule");
      check(!words.empty(), h.fail("learning_rate_schedule needs a name"));
      ScheduleArguments arguments;
      for (size_t i = 1; i < words.size(); ++i) {
        const auto [key, value] = h.key_value(words[i]);
        arguments[key] = value;
      }
      try {
        schedule = make_schedule(h.unescape(words[0]), arguments);
      } catch (const Error& e) {
        throw Error(h.fail(e.what()));
      }
    }
    const auto state_words = h.expect("optimizer_state");
    check(state_words.size() == 2, h.fail("optimizer_state takes iterations and a parameter count"));
    state.iterations = h.integer(state_words[0]);
    state.parameter_count = h.integer(state_words[1]);
  }
  const auto param_words = h.expect("blob");
  check(param_words.size() == 2 && param_words[0] == "parameters", h.fail("expected 'blob parameters N'"));
  const int64_t parameter_count = h.integer(param_words[1]);
  const auto slot_words = h.expect("blob");
  check(slot_words.size() == 2 && slot_words[0] == "optimizer_slots",
        h.fail("expected 'blob optimizer_slots N'"));
  const int64_t slot_count = h.integer(slot_words[1]);
  const auto checksum_words = h.expect("checksum");
  check(checksum_words.size() == 1, h.fail("checksum takes one value"));
  const uint64_t checksum = h.unsigned_integer(checksum_words[0], 16);

  // The binary part: exactly the announced floats, with the announced checksum.
  const size_t expected_bytes = static_cast<size_t>(parameter_count + slot_count) * sizeof(float);
  const size_t actual_bytes = file.size() - payload_at;
  check(actual_bytes == expected_bytes,
        "Sequential.load: " + path + ": the header announces " + std::to_string(expected_bytes) +
            " bytes of weights and optimizer state but the file holds " + std::to_string(actual_bytes) +
            (actual_bytes < expected_bytes ? " (truncated)" : " (trailing data)"));
  check(fnv1a(file.data() + payload_at, actual_bytes) == checksum,
        "Sequential.load: " + path + ": checksum mismatch (the file is corrupted)");

  // Build the model completely (errors name the layer), then fill it.
  Sequential model(input_shape, seed);
  for (size_t i = 0; i < layer_lines.size(); ++i) {
    std::unique_ptr<Layer> layer;
    try {
      layer = make_layer(layer_lines[i].type, layer_lines[i].config);
    } catch (const Error& e) {
      throw Error("Sequential.load: " + path + ": layer " + std::to_string(i) + " ('" +
                  layer_lines[i].name + "'): " + e.what());
    }
    layer->set_name(layer_lines[i].name);
    model.add(std::move(layer));
  }
  // What the layers need, from their shapes alone, before any of it is
  // allocated: a header naming larger layers than the file's weights (units=
  // 999999999 in a 600-byte file) is refused here, not after gigabytes.
  int64_t needed = 0;  // saturates at parameter_count + 1
  for (const auto& layer : model.layers_) {
    for (const ParameterSpec& spec : layer->parameter_specs()) {
      int64_t count = 1;
      for (const int64_t d : spec.shape)
        count = d == 0 || count <= (parameter_count + 1) / d ? count * d : parameter_count + 1;
      needed = std::min(needed + std::min(count, parameter_count + 1), parameter_count + 1);
    }
  }
  check(needed <= parameter_count, "Sequential.load: " + path + ": the layers need more than the " +
                                       std::to_string(parameter_count) + " floats of weights the file holds");
  model.ensure_built();
  check(model.parameters_.numel() == parameter_count,
        "Sequential.load: " + path + ": the layers need a parameter block of " +
            std::to_string(model.parameters_.numel()) + " floats, the file holds " +
            std::to_string(parameter_count));
  std::memcpy(model.parameters_.data(), file.data() + payload_at, parameter_count * sizeof(float));
  if (compiled) {
    model.compile(Optimizer(make_optimizer(optimizer_name, settings)->config(), schedule), loss, metrics);
    state.slots.resize(static_cast<size_t>(slot_count));
    if (slot_count > 0)  // (the header's length is arbitrary: copy, never cast the bytes to float*)
      std::memcpy(state.slots.data(), file.data() + payload_at + parameter_count * sizeof(float),
                  slot_count * sizeof(float));
    try {
      model.optimizer_->set_state(std::move(state));
    } catch (const Error& e) {
      throw Error("Sequential.load: " + path + ": " + e.what());
    }
  } else {
    check(slot_count == 0, h.fail("an uncompiled model carries no optimizer state"));
  }
  model.epochs_trained_ = static_cast<int>(epochs_trained);
  return model;
}

void Sequential::export_weights(const std::string& directory) {
  ensure_built();
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  check(!error, "Sequential.export_weights: cannot create '" + directory + "': " + error.message());
  for (size_t i = 0; i < specs_.size(); ++i) {
    const std::string file = layers_[spec_layer_[i]]->name() + "_" + specs_[i].name + ".npy";
    write_npy((std::filesystem::path(directory) / file).string(), parameter_views_[i].to(Device::CPU));
  }
}

void Sequential::import_weights(const std::string& directory) {
  ensure_built();
  // Read and check every file before touching a weight.
  std::vector<Tensor> loaded;
  for (size_t i = 0; i < specs_.size(); ++i) {
    const std::string file =
        (std::filesystem::path(directory) / (layers_[spec_layer_[i]]->name() + "_" + specs_[i].name + ".npy")).string();
    Tensor t = read_npy(file);
    check(t.shape() == specs_[i].shape, "Sequential.import_weights: " + file + " has shape " +
                                            shape_str(t.shape()) + ", the layer needs " +
                                            shape_str(specs_[i].shape));
    loaded.push_back(std::move(t));
  }
  for (size_t i = 0; i < loaded.size(); ++i) parameter_views_[i].copy_from(loaded[i]);
}

}  // namespace tunet::nn
