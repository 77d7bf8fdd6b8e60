#include "tuner/cli/bench_command.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
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
              (failure == ENOENT ? " (tunet-bench is built with the benchmarks, TUNET_BUILD_BENCH=ON, and installed "
                                   "beside tunet; it needs nlohmann_json)"
                                 : ""));
}

}  // namespace tunet::tuner::cli
