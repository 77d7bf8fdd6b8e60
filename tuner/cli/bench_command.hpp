#pragma once
// tunet bench ARGS...: the kernel lab (docs/kernel_lab.md), which is its own
// program, tunet-bench, built with the benchmarks beside tunet (so the tunet
// tool carries no benchmark code). `tunet bench kernels --op gemm` runs
// `tunet-bench kernels --op gemm` from tunet's own folder, with every
// argument passed through (`tunet bench --help` is tunet-bench's help).
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace tunet::tuner::cli {

class BenchCommand {
 public:
  // Adds the subcommand to `app`; everything after `bench` is kept for tunet-bench.
  explicit BenchCommand(CLI::App& app);
  // True when `tunet bench` was given.
  bool given() const;
  // Replaces this process with tunet-bench and the arguments (it does not
  // return then); throws Error, naming the path looked at, when tunet-bench
  // is missing or cannot be run.
  void run() const;

 private:
  CLI::App* bench_ = nullptr;
};

// Where tunet-bench should be: beside the running executable (/proc/self/exe).
std::filesystem::path tunet_bench_path();

// The one command that puts tunet-bench at `program`: in a build folder (bin/
// beside CMakeCache.txt) the build of its target, with TUNET_BUILD_BENCH
// turned on first where that folder has it off; elsewhere (an install) how to
// install it.
std::string how_to_build_tunet_bench(const std::filesystem::path& program);

}  // namespace tunet::tuner::cli
