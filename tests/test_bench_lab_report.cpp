// The kernel lab's runner: a short run's rows, its JSON against the
// documented schema (docs/kernel_lab.md), and its errors.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "bench/lab/lab_runner.hpp"
#include "core/error.hpp"

namespace lab = tunet::lab;

namespace {

lab::LabReport tiny_run(const std::string& op, std::vector<std::string> sizes) {
  lab::LabOptions opt{.ops = {op}, .sizes = std::move(sizes), .threads = 2, .repetitions = 1, .time_cap_s = 0.05};
  opt.measure_ceilings = false;
  return lab::run_lab(opt, nullptr);
}

}  // namespace

TEST_CASE("a short run times every rung, checks it, and its JSON conforms to the schema") {
  lab::LabReport report = tiny_run("gemm", {"33x7x129", "20"});
  for (const auto& more : {tiny_run("softmax", {"7x3"}), tiny_run("adam", {"129"}), tiny_run("conv", {"2x3x9x9x3x4"})}) {
    report.rows.insert(report.rows.end(), more.rows.begin(), more.rows.end());
  }
  int timed = 0, skipped = 0, gpu_rows = 0;
  for (const lab::LabRow& row : report.rows) {
    CAPTURE(row.op);
    CAPTURE(row.variant);
    CAPTURE(row.size);
    if (row.device == "gpu") {  // builds with CUDA: timed and checked on a GPU, else skipped with the reason
      ++gpu_rows;
      CHECK(row.op == "gemm");
      CHECK(row.threads == 0);
      if (report.gpu.name.empty()) {
        CHECK(row.skipped == report.gpu.unavailable);
        CHECK(!row.skipped.empty());
      } else {
        CHECK(row.skipped.empty());
        CHECK(row.max_rel_error < 1e-5);
      }
      continue;
    }
    if (!row.skipped.empty()) {
      const bool peer = row.variant.rfind("onednn", 0) == 0 || row.variant == "openblas" || row.variant == "blis";
      if (!peer) ++skipped;  // the peers' rows: test_bench_lab_peers.cpp
      continue;
    }
    ++timed;
    CHECK(row.seconds > 0);
    CHECK(row.runs >= 1);
    CHECK(row.gflops > 0);
    CHECK(row.max_rel_error < 1e-5);
    CHECK(std::isnan(row.percent_of_roofline));  // no ceilings measured in this run
  }
  CHECK(timed >= 8 + 8 + 3 + 3 + 3 + 3);
  CHECK(skipped <= 2);  // direct and Winograd on 3 channels: one of them refuses, forward and training step
  CHECK((gpu_rows == 0 || gpu_rows == 2 * 4));  // two GEMM sizes, four CUDA rungs

  std::ostringstream table;
  lab::print_table(table, report.rows);
  CHECK(table.str().find("packed_parallel") != std::string::npos);

  const nlohmann::json j = nlohmann::json::parse(lab::report_json(report, "tunet-bench kernels --op gemm").dump());
  CHECK(lab::report_json_problems(j).empty());
  CHECK(j["schema"] == lab::kReportSchema);
  CHECK(j["results"].size() == report.rows.size());
  CHECK(j["results"][0]["device"] == "cpu");
  CHECK(j["machine"]["gpu"].is_string());
}

TEST_CASE("the schema check names what is missing or of the wrong type") {
  lab::LabReport report = tiny_run("adam", {"7"});
  nlohmann::json j = lab::report_json(report, "x");
  j["results"][0]["gflops"] = "fast";
  j["results"][1].erase("variant");
  j["machine"]["threads"] = 1.5;
  j["results"][2]["op"] = "fft";
  const auto problems = lab::report_json_problems(j);
  REQUIRE(problems.size() == 4);
  CHECK(problems[0] == "$.machine.threads: not an integer");
  CHECK(problems[1] == "$.results[0].gflops: not a number or null");
  CHECK(problems[2] == "$.results[1].variant: missing");
  CHECK(problems[3] == "$.results[2].op: not one of gemm, conv, softmax, adam");
  CHECK(lab::report_json_problems(nlohmann::json::array()).size() == 5);

  nlohmann::json gpu = lab::report_json(report, "x");
  gpu["results"][0]["device"] = "tpu";
  gpu["ceilings"]["gpu_fma_gflops"] = "many";
  const auto gpu_problems = lab::report_json_problems(gpu);
  REQUIRE(gpu_problems.size() == 2);
  CHECK(gpu_problems[0] == "$.ceilings.gpu_fma_gflops: not a number");
  CHECK(gpu_problems[1] == "$.results[0].device: not cpu or gpu");
  // Reports from before the GPU rungs, without their fields, conform.
  nlohmann::json before = lab::report_json(report, "x");
  before["machine"].erase("gpu");
  before["ceilings"].erase("gpu_fma_gflops");
  before["ceilings"].erase("gpu_copy_gbs");
  for (auto& row : before["results"]) row.erase("device");
  CHECK(lab::report_json_problems(before).empty());
}

TEST_CASE("bad ops and sizes are errors that say what is accepted") {
  CHECK_THROWS_WITH_AS(tiny_run("fft", {}), doctest::Contains("unknown op 'fft'"), tunet::Error);
  CHECK_THROWS_WITH_AS(tiny_run("gemm", {"12x0x3"}), doctest::Contains("gemm MxNxK or N"), tunet::Error);
  CHECK_THROWS_WITH_AS(tiny_run("softmax", {"12"}), doctest::Contains("softmax ROWSxCLASSES"), tunet::Error);
  lab::LabOptions two_ops{.ops = {"gemm", "adam"}, .sizes = {"5"}};
  two_ops.measure_ceilings = false;
  CHECK_THROWS_WITH_AS(lab::run_lab(two_ops, nullptr), doctest::Contains("give --op with --sizes"), tunet::Error);
  CHECK(lab::default_sizes("gemm").front() == "128x100x784");
}
