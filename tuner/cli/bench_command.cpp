#include "tuner/cli/bench_command.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "core/error.hpp"

namespace tunet::tuner::cli {

BenchCommand::BenchCommand(CLI::App& app) {
  bench_ = app.add_subcommand("bench",
                              "The kernel lab: tunet bench kernels [--op gemm|conv|softmax|adam] [--sizes ...] "
                              "[--threads N] [--json FILE] [--plot DIR]; tunet bench validate FILE "
                              "(runs tunet-bench; tunet bench --help for its options)");
  // Every argument after `bench`, --help included, is tunet-bench's.
  bench_->prefix_command();
  bench_->set_help_flag();
}

bool BenchCommand::given() const { return bench_->parsed(); }

std::filesystem::path tunet_bench_path() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw Error("tunet bench: cannot find tunet's own folder (/proc/self/exe: " + error.message() + ")");
  return self.parent_path() / "tunet-bench";
}

std::string how_to_build_tunet_bench(const std::filesystem::path& program) {
  const std::filesystem::path build = program.parent_path().parent_path();
  std::ifstream cache(build / "CMakeCache.txt");
  if (!cache)
    return "install it beside tunet: cmake --install BUILD from a build configured with TUNET_BUILD_BENCH=ON";
  bool bench_on = true;
  for (std::string line; std::getline(cache, line);) {
    if (line.rfind("TUNET_BUILD_BENCH:", 0) != 0) continue;
    const std::string value = line.substr(line.find('=') + 1);
    bench_on = !(value == "OFF" || value == "FALSE" || value == "0" || value == "NO");
  }
  const std::string dir = build.string();
  return "build it: " + (bench_on ? std::string() : "cmake -DTUNET_BUILD_BENCH=ON " + dir + " && ") + "cmake --build " +
         dir + " --target tunet_bench_cli";
}

void BenchCommand::run() const {
  const std::filesystem::path program = tunet_bench_path();
  std::vector<std::string> args = bench_->remaining();
  std::vector<char*> argv;
  std::string name = program.string();
  argv.push_back(name.data());
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::cout.flush();
  ::execv(program.c_str(), argv.data());
  const int failure = errno;  // execv returns only when it failed
  throw Error("tunet bench: cannot run " + program.string() + ": " + std::strerror(failure) +
              (failure == ENOENT ? "; " + how_to_build_tunet_bench(program) : std::string()));
}

}  // namespace tunet::tuner::cli
