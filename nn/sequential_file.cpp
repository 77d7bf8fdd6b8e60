// Sequential::save / load (one versioned file, nn/model_file.hpp) and export /
// import of the weights as .npy files.
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

#include "core/error.hpp"
#include "nn/layer_factory.hpp"
#include "nn/model_file.hpp"
#include "nn/npy.hpp"
#include "nn/sequential.hpp"

namespace tunet::nn {

namespace {

std::string number_text(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

void append_floats(std::string& out, const float* values, size_t count) {
  if (count > 0) out.append(reinterpret_cast<const char*>(values), count * sizeof(float));
}

// The floats the layers' parameters take, from their shapes alone (nothing
// allocated), saturating at cap + 1.
int64_t parameter_floats(const std::vector<std::unique_ptr<Layer>>& layers, int64_t cap) {
  int64_t needed = 0;
  for (const auto& layer : layers) {
    for (const ParameterSpec& spec : layer->parameter_specs()) {
      int64_t count = 1;
      for (const int64_t d : spec.shape) count = d == 0 || count <= (cap + 1) / d ? count * d : cap + 1;
      needed = std::min(needed + std::min(count, cap + 1), cap + 1);
    }
  }
  return needed;
}

}  // namespace

void Sequential::save(const std::string& path) {
  ensure_built();
  std::string header = std::string(kModelFileMagic) + " " + std::to_string(kModelFileVersion) + "\n";
  header += "input_shape";
  for (int64_t d : input_shape_) header.append(" ").append(std::to_string(d));
  header += "\nseed " + std::to_string(seed_) + "\n";
  header += "epochs_trained " + std::to_string(epochs_trained_) + "\n";
  for (const auto& layer : layers_) {
    header += "layer " + model_file_escape(layer->type()) + " " + model_file_escape(layer->name());
    for (const auto& [key, value] : layer->config())
      header.append(" ").append(model_file_escape(key)).append("=").append(model_file_escape(value));
    header += "\n";
  }
  header += "compiled " + std::string(compiled() ? "1" : "0") + "\n";
  const OptimizerState empty_state;
  const OptimizerState& state = compiled() ? optimizer_->state() : empty_state;
  if (compiled()) {
    header += "loss " + model_file_escape(loss_) + "\n";
    header += "metrics";
    for (const auto& m : metrics_) header.append(" ").append(model_file_escape(m));
    header += "\noptimizer " + model_file_escape(optimizer_->name());
    for (const auto& [key, value] : optimizer_->settings())
      header.append(" ").append(model_file_escape(key)).append("=").append(number_text(value));
    if (const auto& schedule = optimizer_->schedule()) {
      header += "\nlearning_rate_schedule " + model_file_escape(schedule_name(*schedule));
      for (const auto& [key, value] : schedule_arguments(*schedule))
        header.append(" ").append(model_file_escape(key)).append("=").append(model_file_escape(value));
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
  std::snprintf(checksum, sizeof checksum, "%016" PRIx64, model_file_checksum(payload.data(), payload.size()));
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
  ModelFileReader file(path);  // the magic, and a header that ends
  file.check_version(kModelFileVersion);
  const Shape input_shape = file.input_shape();
  const uint64_t seed = file.seed();
  const int64_t epochs_trained = file.epochs_trained();
  const std::vector<ModelFileLayer> layer_lines = file.layers();
  const bool compiled = file.compiled();
  std::optional<ModelFileCompilation> compilation;
  if (compiled) compilation = file.compilation();
  const ModelFileBlobs blobs = file.blobs();  // sizes against the file, checksum

  // Build the model completely (errors name the layer), then fill it.
  Sequential model(input_shape, seed);
  for (size_t i = 0; i < layer_lines.size(); ++i) {
    std::unique_ptr<Layer> layer;
    try {
      layer = make_layer(layer_lines[i].type, layer_lines[i].config);
    } catch (const Error& e) {
      throw Error("Sequential.load: " + path + ": layer " + std::to_string(i) + " ('" + layer_lines[i].name +
                  "'): " + e.what());
    }
    layer->set_name(layer_lines[i].name);
    model.add(std::move(layer));
  }
  // A header naming larger layers than the file's weights (units=999999999 in
  // a 600-byte file) is refused here, before any of it is allocated.
  check(parameter_floats(model.layers_, blobs.parameter_count) <= blobs.parameter_count,
        "Sequential.load: " + path + ": the layers need more than the " + std::to_string(blobs.parameter_count) +
            " floats of weights the file holds");
  model.ensure_built();
  check(model.parameters_.numel() == blobs.parameter_count,
        "Sequential.load: " + path + ": the layers need a parameter block of " +
            std::to_string(model.parameters_.numel()) + " floats, the file holds " +
            std::to_string(blobs.parameter_count));
  std::memcpy(model.parameters_.data(), blobs.parameters, blobs.parameter_count * sizeof(float));
  if (compiled) {
    model.compile(Optimizer(make_optimizer(compilation->optimizer, compilation->settings)->config(),
                            compilation->schedule),
                  compilation->loss, compilation->metrics);
    OptimizerState state = std::move(compilation->state);
    state.slots.resize(static_cast<size_t>(blobs.slot_count));
    if (blobs.slot_count > 0)  // (the header's length is arbitrary: copy, never cast the bytes to float*)
      std::memcpy(state.slots.data(), blobs.slots, blobs.slot_count * sizeof(float));
    try {
      model.optimizer_->set_state(std::move(state));
    } catch (const Error& e) {
      throw Error("Sequential.load: " + path + ": " + e.what());
    }
  } else {
    check(blobs.slot_count == 0, file.fail("an uncompiled model carries no optimizer state"));
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
