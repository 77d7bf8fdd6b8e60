#pragma once
// The tunet model file (Sequential::save / load): a text header, then the
// binary blobs it announces, little-endian float32, in order:
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
// ModelFileReader reads it section by section, in that order, checking each
// line; every problem is an Error naming the file (and the header line).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/tensor.hpp"
#include "nn/layer.hpp"
#include "nn/lr_schedule.hpp"
#include "nn/optimizer.hpp"

namespace tunet::nn {

inline constexpr const char* kModelFileMagic = "tunet-sequential";
inline constexpr int kModelFileVersion = 1;

// FNV-1a 64: hash = (hash ^ byte) * 0x100000001b3, from 0xcbf29ce484222325.
uint64_t model_file_checksum(const char* data, size_t size);
// Config values may hold anything; spaces, '=', '%' and control characters are %XX.
std::string model_file_escape(const std::string& text);

struct ModelFileLayer {
  std::string type, name;
  LayerConfig config;
};

// The lines of a compiled model, from "loss" to "optimizer_state".
struct ModelFileCompilation {
  std::string loss;
  std::vector<std::string> metrics;
  std::string optimizer;
  OptimizerSettings settings;
  std::optional<LearningRateSchedule> schedule;
  OptimizerState state;  // iterations and parameter_count; the slots come from the blob
};

// The binary part, its sizes and checksum checked against the header.
struct ModelFileBlobs {
  int64_t parameter_count = 0;
  int64_t slot_count = 0;
  const char* parameters = nullptr;  // parameter_count floats, then slot_count floats (unaligned)
  const char* slots = nullptr;
};

class ModelFileReader {
 public:
  // Reads the whole file; checks that it starts with the magic and that its header ends.
  explicit ModelFileReader(std::string path);

  void check_version(int supported);
  Shape input_shape();
  uint64_t seed();
  int64_t epochs_trained();
  std::vector<ModelFileLayer> layers();
  bool compiled();
  ModelFileCompilation compilation();
  ModelFileBlobs blobs();

  const std::string& path() const { return path_; }
  // "Sequential.load: <path>: header line <n>: <what>".
  std::string fail(const std::string& what) const;

 private:
  std::vector<std::string> expect(const std::string& keyword);  // the next line's words after `keyword`
  bool next_is(const std::string& keyword) const;
  int64_t integer(const std::string& text, int64_t low = 0) const;
  uint64_t unsigned_integer(const std::string& text, int base = 10) const;
  double real(const std::string& text) const;
  std::pair<std::string, std::string> key_value(const std::string& word) const;
  std::string unescape(const std::string& text) const;

  std::string path_;
  std::string file_;
  size_t payload_at_ = 0;
  std::vector<std::string> lines_;
  size_t index_ = 0;
};

}  // namespace tunet::nn
