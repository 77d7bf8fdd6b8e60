// Loading times of the datasets module on the real Fashion-MNIST (60,000 train
// images): the whole load_idx() from the Debian .gz files, its parts (reading
// + gunzip, IDX parsing from an uncompressed copy), and the 28x28 -> 8x8 area
// resize of examples/fashion8x8_random.json. Skips with a message when the data is not installed.
//
//   build/bench/gbench_datasets --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <filesystem>

#include "datasets/datasets.hpp"

namespace ds = tunet::datasets;
namespace fs = std::filesystem;

namespace {

const fs::path kFashion = "/usr/share/datasets/fashion-mnist";
const std::string kImages = (kFashion / "train-images-idx3-ubyte.gz").string();
const std::string kLabels = (kFashion / "train-labels-idx1-ubyte.gz").string();

bool have_data(benchmark::State& state) {
  if (fs::exists(kImages) && fs::exists(kLabels)) return true;
  state.SkipWithError("Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
  return false;
}

// An uncompressed copy of the training images, written once.
const std::string& raw_images() {
  static const std::string path = [] {
    const fs::path out = fs::temp_directory_path() / "tunet-bench-train-images-idx3-ubyte";
    const ds::IdxArray images = ds::read_idx(kImages);
    ds::write_idx(out.string(), images.dims, images.values);
    return out.string();
  }();
  return path;
}

void BM_LoadFashionMnistTrain(benchmark::State& state) {
  if (!have_data(state)) return;
  for (auto _ : state) {
    ds::Dataset train = ds::load_idx(kImages, kLabels, ds::fashion_mnist_class_names());
    benchmark::DoNotOptimize(train.x.data());
  }
  state.SetItemsProcessed(state.iterations() * 60000);
}
BENCHMARK(BM_LoadFashionMnistTrain)->Unit(benchmark::kMillisecond);

void BM_ReadAndGunzipTrainImages(benchmark::State& state) {
  if (!have_data(state)) return;
  for (auto _ : state) {
    std::vector<uint8_t> bytes = ds::read_file_bytes(kImages);
    benchmark::DoNotOptimize(bytes.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(fs::file_size(kImages)));
}
BENCHMARK(BM_ReadAndGunzipTrainImages)->Unit(benchmark::kMillisecond);

void BM_ReadIdxUncompressed(benchmark::State& state) {
  if (!have_data(state)) return;
  const std::string& path = raw_images();
  for (auto _ : state) {
    ds::IdxArray images = ds::read_idx(path);
    benchmark::DoNotOptimize(images.values.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(fs::file_size(path)));
}
BENCHMARK(BM_ReadIdxUncompressed)->Unit(benchmark::kMillisecond);

void BM_ResizeArea28To8(benchmark::State& state) {
  if (!have_data(state)) return;
  const ds::Dataset train = ds::load_idx(kImages, kLabels, ds::fashion_mnist_class_names());
  for (auto _ : state) {
    ds::Dataset small = train.resize(8, 8, ds::ResizeMethod::Area);
    benchmark::DoNotOptimize(small.x.data());
  }
  state.SetItemsProcessed(state.iterations() * train.size());
}
BENCHMARK(BM_ResizeArea28To8)->Unit(benchmark::kMillisecond);

}  // namespace
