// tunet-bench: the kernel lab's command (docs/kernel_lab.md).
//   tunet-bench kernels [--op gemm|conv|softmax|adam] [--sizes ...] [--threads N]
//                       [--json FILE] [--plot DIR] [--repetitions R] [--time-cap S] [--no-ceilings]
//   tunet-bench validate FILE.json     check a --json report against the schema
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "bench/lab/lab_runner.hpp"
#include "bench/lab/roofline_figure.hpp"
#include "core/build_info.hpp"
#include "tuner/plot/gnuplot.hpp"

namespace lab = tunet::lab;

int main(int argc, char** argv) {
  CLI::App app{"tunet-bench: the kernel lab (ladders of GEMM, convolution, softmax + cross-entropy and Adam, "
               "checked against naive kernels and placed on this machine's roofline)"};
  app.set_version_flag("--version", [] { return tunet::build_info_str(); });
  app.require_subcommand(1);

  lab::LabOptions options;
  std::vector<std::string> ops;
  std::string json_path, plot_dir;
  auto* kernels = app.add_subcommand("kernels", "Run the ladders and print one table per op");
  kernels->add_option("--op", ops, "gemm, conv, softmax or adam (repeatable; default: all)")
      ->check(CLI::IsMember(lab::lab_ops()));
  kernels->add_option("--sizes", options.sizes,
                      "sizes of the one --op: gemm MxNxK or N, conv NxCxHxWxKxF or cnn_conv1/cnn_conv2, "
                      "softmax ROWSxCLASSES, adam PARAMETERS (default: the MLP's and CNN's shapes, squares to 2048)");
  kernels->add_option("--threads", options.threads, "OpenMP threads of the threaded rungs (default: OpenMP's)")
      ->check(CLI::NonNegativeNumber);
  kernels->add_option("--repetitions", options.repetitions, "timed runs per rung and size; the best counts")
      ->capture_default_str()->check(CLI::PositiveNumber);
  kernels->add_option("--time-cap", options.time_cap_s, "seconds per rung and size before it stops repeating")
      ->capture_default_str()->check(CLI::PositiveNumber);
  kernels->add_option("--json", json_path, "write the report as JSON (schema tunet.kernel_lab/1)");
  kernels->add_option("--plot", plot_dir, "draw the roofline figure into this folder (gnuplot)");
  bool no_ceilings = false;
  kernels->add_flag("--no-ceilings", no_ceilings, "skip measuring the ceilings (quick checks: % roof left empty)");

  std::string validate_path;
  auto* validate = app.add_subcommand("validate", "Check a --json report against the schema of docs/kernel_lab.md");
  validate->add_option("file", validate_path, "the JSON report")->required()->check(CLI::ExistingFile);

  CLI11_PARSE(app, argc, argv);
#if defined(__GLIBC__)
  // Buffers up to 64 MiB from the heap, not mmap, and freed memory kept:
  // otherwise a GEMM whose per-call workspace passes glibc's initial 128 KiB
  // thresholds (Eigen's at 128x100x784: 11 instead of 126 GFLOP/s) is
  // page-faulted in on every call until a large enough free happens to raise
  // them, as it does in a long training run.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  try {
    if (*validate) {
      std::ifstream in(validate_path);
      const auto problems = lab::report_json_problems(nlohmann::json::parse(in));
      for (const auto& p : problems) std::cout << validate_path << ": " << p << "\n";
      if (problems.empty()) std::cout << validate_path << ": conforms to " << lab::kReportSchema << "\n";
      return problems.empty() ? 0 : 1;
    }
    if (!ops.empty()) options.ops = ops;
    options.measure_ceilings = !no_ceilings;
    std::string command = "tunet-bench";
    for (int i = 1; i < argc; ++i) command += std::string(" ") + argv[i];
    std::cout << tunet::build_info_str() << "\n";
    const lab::LabReport report = lab::run_lab(options, &std::cout);
    if (!json_path.empty()) {
      std::ofstream(json_path) << lab::report_json(report, command).dump(2) << "\n";
      std::cout << "\nreport: " << json_path << "\n";
    }
    if (!plot_dir.empty()) {
      std::cout << "\n" << tunet::tuner::plot::write_figures({lab::roofline_figure(report)}, plot_dir).summary() << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "tunet-bench: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
