// `tunet export` end to end, run as a user runs it (the tunet binary of this
// build, bin/tunet): a float and an int8 export of a saved model, and the bad
// input that must end with one line on stderr, exit status 1 and nothing in
// the output folder. Skipped with a message when bin/tunet is not built.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "nn/nn.hpp"
#include "fresh_dir.hpp"

using namespace tunet;
using namespace tunet::nn;
namespace fs = std::filesystem;

namespace {

const fs::path kTunet = fs::path(TUNET_BINARY_DIR) / "bin" / "tunet";

// Runs tunet with `args` in `dir`; returns the exit status, stderr in `err`.
int run_tunet(const fs::path& dir, const std::string& args, std::string& err) {
  const int status = std::system(("cd '" + dir.string() + "' && '" + kTunet.string() + "' " + args +
                                  " > out.txt 2> err.txt").c_str());
  std::ifstream e(dir / "err.txt");
  err.assign(std::istreambuf_iterator<char>(e), std::istreambuf_iterator<char>());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("tunet export: float and int8 files, and bad input refused in one line with nothing written") {
  if (!fs::exists(kTunet)) {
    MESSAGE("skipped: " << kTunet.string() << " is not built (cmake --build . --target tunet_cli)");
    return;
  }
  const fs::path dir = testing::fresh_dir("export_cli");
  fs::create_directories(dir);
  Sequential model({6}, 1);
  model.add(Dense(5, "tanh"));
  model.add(Dense(3, "softmax"));
  model.weights();
  model.save((dir / "m.tunet").string());
  Tensor samples = Tensor::empty({20, 6});
  for (int64_t i = 0; i < samples.numel(); ++i) samples.data()[i] = float(i % 7) / 7.0f;
  write_npy((dir / "cal.npy").string(), samples);
  write_npy((dir / "wrong.npy").string(), Tensor::zeros({20, 5}));
  std::string err;

  CHECK(run_tunet(dir, "export m.tunet --format c --out float", err) == 0);
  CHECK(fs::exists(dir / "float" / "model.h"));
  CHECK(fs::exists(dir / "float" / "model.c"));
  CHECK(run_tunet(dir, "export m.tunet --format c --out int8 --name net --int8 --calibration cal.npy", err) == 0);
  std::ifstream header(dir / "int8" / "net.h");
  const std::string h((std::istreambuf_iterator<char>(header)), std::istreambuf_iterator<char>());
  CHECK(h.find("#define NET_INT8 1") != std::string::npos);

  struct Bad {
    std::string args, message;
  };
  std::ofstream(dir / "corrupt.tunet") << "not a model";
  const Bad bad[] = {
      {"export corrupt.tunet --format c --out bad", "corrupt.tunet"},
      {"export missing.tunet --format c --out bad", "missing.tunet"},
      {"export m.tunet --format onnx --out bad", "unknown format 'onnx'"},
      {"export m.tunet --format c --out bad --int8", "--int8 needs --calibration"},
      {"export m.tunet --format c --out bad --int8 --calibration wrong.npy", "the model takes (6,)"},
      {"export m.tunet --format c --out bad --int8 --calibration nothing.npy", "no such file"},
      {"export m.tunet --format c --out bad --name 9lives", "not a C identifier"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.args);
    CHECK(run_tunet(dir, b.args, err) == 1);
    CHECK(err.find(b.message) != std::string::npos);
    CHECK(err.find("tunet: error: ") == 0);
    CHECK(std::count(err.begin(), err.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(dir / "bad" / "model.c"));
  }
}
