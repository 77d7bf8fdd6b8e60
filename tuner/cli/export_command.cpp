#include "tuner/cli/export_command.hpp"

#include <filesystem>
#include <iostream>

#include "core/error.hpp"
#include "nn/export/export_c.hpp"
#include "nn/npy.hpp"
#include "nn/sequential.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/integration/data_config.hpp"

namespace tunet::tuner::cli {
namespace {

// The first `count` samples of x as a (count, *sample) tensor; x's samples are
// reshaped to `sample` when they hold as many values.
Tensor first_samples(const Tensor& x, int64_t count, const Shape& sample, const std::string& source) {
  check(!x.shape().empty() && x.shape()[0] > 0, "--calibration " + source + ": the calibration set is empty");
  const int64_t n = std::min(count, x.shape()[0]);
  const int64_t per_sample = x.numel() / x.shape()[0];
  check(per_sample == shape_numel(sample),
        "--calibration " + source + ": samples of shape " +
            shape_str(Shape(x.shape().begin() + 1, x.shape().end())) + " (" + std::to_string(per_sample) +
            " values); the model takes " + shape_str(sample) + " (" + std::to_string(shape_numel(sample)) + ")");
  Shape shape = sample;
  shape.insert(shape.begin(), n);
  return Tensor::from(shape, std::span<const float>(x.data(), size_t(n * per_sample)));
}

Tensor calibration_set(const std::string& path, int64_t count, const Shape& sample) {
  check(std::filesystem::exists(path), "--calibration: no such file '" + path + "'");
  if (std::filesystem::path(path).extension() == ".npy") return first_samples(nn::read_npy(path), count, sample, path);
  const Json config = read_config(path);
  check(config.contains("data"), "--calibration " + path + ": the config has no \"data\" section");
  const uint64_t seed = config.contains("seed") ? config["seed"].get<uint64_t>() : 0;
  return first_samples(load_data(config["data"], seed).train.x, count, sample, path);
}

}  // namespace

ExportCommand::ExportCommand(CLI::App& app) {
  CLI::App* command = app.add_subcommand("export", "Export a saved model as freestanding C (float or int8)");
  command->add_option("model", model_path_, "the model file (MODEL.tunet, as Sequential::save writes it)")->required();
  command->add_option("--format", format_, "the output format (c)")->capture_default_str();
  command->add_option("--out", out_dir_, "the folder for NAME.h and NAME.c")->required();
  command->add_option("--name", name_, "the C prefix and file name")->capture_default_str();
  command->add_flag("--int8", int8_, "quantise to int8 (TensorFlow Lite's int8 specification)");
  command->add_option("--calibration", calibration_,
                      "int8: a tunet JSON config (its training data) or a .npy file of samples");
  command->add_option("--calibration-samples", calibration_samples_, "int8: how many samples calibrate")
      ->capture_default_str();
  command->add_option("--percentile", percentile_,
                      "int8: each activation range from this percentile of its values (100: min/max)")
      ->capture_default_str();
  command->callback([this] {
    try {
      run();
    } catch (const std::exception& e) {
      std::cerr << "tunet: error: " << e.what() << "\n";
      throw CLI::RuntimeError(1);
    }
    throw CLI::RuntimeError(0);  // done: main's other commands do not run
  });
}

void ExportCommand::run() const {
  check(format_ == "c", "--format: unknown format '" + format_ + "'; valid formats: c");
  check(!int8_ || !calibration_.empty(), "--int8 needs --calibration CONFIG_OR_DATA");
  check(int8_ || calibration_.empty(), "--calibration is only for --int8");
  check(calibration_samples_ >= 1,
        "--calibration-samples must be >= 1, got " + std::to_string(calibration_samples_));
  const nn::Sequential model = nn::Sequential::load(model_path_);
  nn::ExportOptions options{.name = name_, .int8 = int8_};
  options.calibration_options.percentile = percentile_;
  if (int8_) options.calibration = calibration_set(calibration_, calibration_samples_, model.input_shape());
  const nn::CExport exported = nn::export_c(model, options);
  nn::write_c_export(exported, out_dir_);
  const std::filesystem::path dir(out_dir_);
  std::cout << "wrote " << (dir / (name_ + ".h")).string() << " and " << (dir / (name_ + ".c")).string() << " ("
            << (int8_ ? "int8" : "float") << ", arena " << exported.arena_bytes << " bytes";
  if (int8_)
    std::cout << ", calibrated on " << options.calibration.shape()[0] << " samples, input scale "
              << exported.quantized.input.scale << " zero point " << exported.quantized.input.zero_point;
  std::cout << ")\n";
}

}  // namespace tunet::tuner::cli
