#pragma once
// Runs the kernel lab: measures the ceilings, then every rung of each chosen
// op's ladder at each size, checks it against the naive rung and places it on
// the roofline. `tunet-bench kernels` (tunet_bench_main.cpp) is its command.
//
//   LabOptions opt{.ops = {"gemm"}, .sizes = {"1024"}, .threads = 1};
//   LabReport report = run_lab(opt, &std::cout);   // prints a table per op as it goes
//   std::ofstream("lab.json") << report_json(report, "tunet-bench kernels ...").dump(2);
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/lab/ceilings.hpp"

namespace tunet::lab {

inline constexpr const char* kReportSchema = "tunet.kernel_lab/1";

// The ops, in the order the lab runs them.
const std::vector<std::string>& lab_ops();

struct LabOptions {
  std::vector<std::string> ops = lab_ops();
  // Sizes of the one op in `ops` (empty: each op's defaults): gemm "MxNxK" or
  // "N" (square), conv "NxCxHxWxKxF" (stride 1, same) or a layer name
  // (cnn_conv1, cnn_conv2), softmax "ROWSxCLASSES", adam "PARAMETERS".
  std::vector<std::string> sizes = {};
  int threads = 0;          // 0: OpenMP's default
  int repetitions = 3;      // timed runs per rung and size (the best counts)
  double time_cap_s = 1.0;  // stop repeating past this; skip a rung whose first run would take 10x longer
  bool measure_ceilings = true;  // false: ceilings left at 0 and percentages absent (tests)
};

inline constexpr double kNotMeasured = std::numeric_limits<double>::quiet_NaN();

struct LabRow {
  std::string op, variant, size;
  std::string device = "cpu";  // "cpu", or "gpu" for the GEMM ladder's CUDA rungs
  int threads = 1;             // 0 on the GPU
  double seconds = kNotMeasured;  // best run
  int runs = 0;
  double flops = 0.0, bytes = 0.0;  // per call: the op's flops, its compulsory memory traffic
  double gflops = kNotMeasured, gbs = kNotMeasured;
  // One-thread rungs only: the best run by the thread's CPU clock, and its rate
  double cpu_seconds = kNotMeasured, cpu_gflops = kNotMeasured;
  double intensity = 0.0;                            // flops / bytes
  double attainable_gflops = kNotMeasured;           // the roofline at that intensity (the GPU's for GPU rows)
  double percent_of_roofline = kNotMeasured;         // 100 gflops / attainable
  double max_rel_error = kNotMeasured;               // max |out - naive| / max |naive|
  std::string skipped;                               // why it was not timed ("" when it was)
};

struct LabReport {
  Ceilings ceilings;
  GpuCeilings gpu;  // builds with CUDA, when the GEMM ladder runs: the device or why there is none
  std::string micro_kernel;
  int threads = 1;
  std::vector<LabRow> rows;
  // The peer libraries: name and what ran ("OpenBLAS 0.3.21 ... core Zen"), or "skipped: why".
  std::vector<std::pair<std::string, std::string>> peers;
  std::vector<std::string> notes;  // what the peers chose (oneDNN's implementations, layouts, reorders)
};

// The default sizes of an op (the MLP's and the CNN's real shapes, squares).
std::vector<std::string> default_sizes(const std::string& op);

// Throws Error for an unknown op, a malformed size or a size given for more than one op.
LabReport run_lab(const LabOptions& options, std::ostream* out);

// One table per op: variant, size, threads, time, GFLOP/s, GB/s, % of the
// roofline, GFLOP/s by CPU time (one-thread rungs), max relative error, and
// why a rung was skipped.
void print_ceilings(std::ostream& out, const LabReport& report);
void print_table(std::ostream& out, const std::vector<LabRow>& rows);

// The report as JSON (docs/kernel_lab.md has the schema), and the schema check:
// what is missing or of the wrong type (empty when it conforms).
nlohmann::json report_json(const LabReport& report, const std::string& command);
std::vector<std::string> report_json_problems(const nlohmann::json& report);

}  // namespace tunet::lab
