// Runs a fuzz target's entry point on files, without libFuzzer: how the seed
// corpus and every past finding (tests/fuzz/regressions/) are re-checked by
// CTest in ordinary builds and under the sanitizers.
//   fuzz_replay_csv tests/fuzz/corpus/csv tests/fuzz/regressions/csv
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

namespace {

void replay(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  int files = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path path = argv[i];
    if (!fs::exists(path)) continue;  // a target without regressions yet
    if (fs::is_directory(path)) {
      std::vector<fs::path> entries;
      for (const auto& entry : fs::directory_iterator(path))
        if (entry.is_regular_file()) entries.push_back(entry.path());
      std::sort(entries.begin(), entries.end());
      for (const fs::path& entry : entries) {
        replay(entry);
        ++files;
      }
    } else {
      replay(path);
      ++files;
    }
  }
  std::printf("replayed %d inputs without a finding\n", files);
  return files > 0 ? 0 : 1;
}
