#include "bench/lab/lab_runner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <ostream>
#include <sstream>

#include "bench/lab/adam_ladder.hpp"
#include "bench/lab/conv_ladder.hpp"
#include "bench/lab/gemm_ladder.hpp"
#include "bench/lab/softmax_ladder.hpp"
#include "bench/lab/timing.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/random.hpp"
#if defined(TUNET_LAB_WITH_CUDA)
#include "bench/lab/gemm_cuda.hpp"
#endif

namespace tunet::lab {

const std::vector<std::string>& lab_ops() {
  static const std::vector<std::string> ops{"gemm", "conv", "softmax", "adam"};
  return ops;
}

std::vector<std::string> default_sizes(const std::string& op) {
  // gemm: the MLP's Dense 784 -> 100 at batch 128, forward (128x100x784) and
  // the two backward products (784x100x128, 128x784x100), then squares.
  if (op == "gemm") return {"128x100x784", "784x100x128", "128x784x100", "256", "512", "1024", "2048"};
  if (op == "conv") return {"cnn_conv1", "cnn_conv2"};
  // softmax: the MLP's 10-class output at batch 128, then 1000 classes in and out of cache.
  if (op == "softmax") return {"128x10", "1024x1000", "16384x1000"};
  // adam: the MLP's 79,510 parameters, the CNN's 242,062, and 16 Mi (beyond the caches).
  if (op == "adam") return {"79510", "242062", "16777216"};
  throw Error("kernel lab: unknown op '" + op + "' (gemm, conv, softmax, adam)");
}

namespace {

std::vector<int64_t> parse_dims(const std::string& op, const std::string& size, size_t count) {
  std::vector<int64_t> dims;
  std::stringstream in(size);
  std::string part;
  while (std::getline(in, part, 'x')) {
    char* end = nullptr;
    const long long v = std::strtoll(part.c_str(), &end, 10);
    if (part.empty() || *end != '\0' || v <= 0) dims.clear(), count = 0;
    if (count == 0) break;
    dims.push_back(v);
  }
  if (dims.size() != count || count == 0) {
    throw Error("kernel lab: size '" + size + "' of op " + op + " is not what it takes (gemm MxNxK or N, conv NxCxHxWxKxF or " +
                "cnn_conv1/cnn_conv2, softmax ROWSxCLASSES, adam PARAMETERS; positive integers)");
  }
  return dims;
}

Tensor random_tensor(Shape shape, uint64_t seed) {
  Tensor t = Tensor::empty(std::move(shape));
  Rng(seed).fill_uniform(t, -1, 1);
  return t;
}

double normwise_error(const float* out, const float* ref, int64_t count) {
  double diff = 0.0, scale = 1e-30;
  for (int64_t i = 0; i < count; ++i) {
    diff = std::max(diff, std::abs(double(out[i]) - ref[i]));
    scale = std::max(scale, std::abs(double(ref[i])));
  }
  return diff / scale;
}

// Fills the row's rates and its place on the roofline from the timing.
void finish_row(LabRow& row, const Timing& t, const LabReport& report) {
  row.seconds = t.best_s;
  row.runs = t.runs;
  row.gflops = row.flops / t.best_s * 1e-9;
  row.gbs = row.bytes / t.best_s * 1e-9;
  if (row.threads == 1 && t.best_cpu_s > 0) {
    row.cpu_seconds = t.best_cpu_s;
    row.cpu_gflops = row.flops / t.best_cpu_s * 1e-9;
  }
  const bool all = row.threads > 1;
  const double peak = all ? report.ceilings.peak_gflops_all : report.ceilings.peak_gflops_1;
  const double bandwidth = all ? report.ceilings.bandwidth_all.copy_gbs : report.ceilings.bandwidth_1.copy_gbs;
  if (peak > 0 && bandwidth > 0) {
    row.attainable_gflops = attainable_gflops(row.intensity, peak, bandwidth);
    row.percent_of_roofline = 100.0 * row.gflops / row.attainable_gflops;
  }
}

// Times `run` unless a first run would take more than 10x the cap
// (estimated_s, from a cheaper measurement; <= 0: unknown).
template <class Fn>
void time_row(LabRow& row, Fn&& run, double estimated_s, const LabOptions& opt, const LabReport& report) {
  if (estimated_s > 10 * opt.time_cap_s) {
    char why[96];
    std::snprintf(why, sizeof why, "one run would take ~%.0f s (> 10x the %.1f s cap)", estimated_s, opt.time_cap_s);
    row.skipped = why;
    return;
  }
  finish_row(row, time_best(run, opt.repetitions, opt.time_cap_s), report);
}

LabRow base_row(const std::string& op, const std::string& variant, const std::string& size, int threads,
                double flops, double bytes) {
  LabRow row;
  row.op = op;
  row.variant = variant;
  row.size = size;
  row.threads = threads;
  row.flops = flops;
  row.bytes = bytes;
  row.intensity = flops / bytes;
  return row;
}

#if defined(TUNET_LAB_WITH_CUDA)
// ---- gemm on the GPU: the CUDA rungs, timed by CUDA events, checked as the CPU rungs are ----
void run_gemm_gpu(const Tensor& a, const Tensor& b, const std::vector<int64_t>& rows, const std::vector<float>& ref,
                  const LabOptions& opt, LabReport& report) {
  const int64_t m = a.shape()[0], k = a.shape()[1], n = b.shape()[1];
  const double flops = 2.0 * m * n * k, bytes = 4.0 * (m * k + k * n + m * n);
  const GpuCeilings& gpu = report.gpu;
  std::unique_ptr<GpuGemm> operands;
  std::string failure = gpu.unavailable;
  if (failure.empty()) {
    try {
      operands = std::make_unique<GpuGemm>(a.data(), b.data(), m, n, k);
    } catch (const Error& e) {
      failure = e.what();
    }
  }
  std::vector<float> c(m * n), got(rows.size() * n);
  for (const GpuGemmRung& rung : gpu_gemm_ladder()) {
    LabRow row = base_row("gemm", rung.name, std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k), 0,
                          flops, bytes);
    row.device = "gpu";
    row.skipped = failure;
    if (operands) {
      try {
        const GpuTiming t = operands->time(rung.name, opt.repetitions, opt.time_cap_s, c.data());
        row.seconds = t.best_s;
        row.runs = t.runs;
        row.gflops = flops / t.best_s * 1e-9;
        row.gbs = bytes / t.best_s * 1e-9;
        if (gpu.fma_gflops > 0 && gpu.copy_gbs > 0) {
          row.attainable_gflops = attainable_gflops(row.intensity, gpu.fma_gflops, gpu.copy_gbs);
          row.percent_of_roofline = 100.0 * row.gflops / row.attainable_gflops;
        }
        for (size_t r = 0; r < rows.size(); ++r) std::copy_n(c.data() + rows[r] * n, n, got.data() + r * n);
        row.max_rel_error = normwise_error(got.data(), ref.data(), int64_t(got.size()));
      } catch (const Error& e) {
        row.skipped = e.what();
      }
    }
    report.rows.push_back(row);
  }
}
#endif

// ---- gemm: every rung against the naive formula on sampled rows of C ----
void run_gemm(const std::string& size, const LabOptions& opt, LabReport& report) {
  std::vector<int64_t> d = size.find('x') == std::string::npos ? parse_dims("gemm", size, 1) : parse_dims("gemm", size, 3);
  if (d.size() == 1) d = {d[0], d[0], d[0]};
  const int64_t m = d[0], n = d[1], k = d[2];
  const Tensor a = random_tensor({m, k}, 1), b = random_tensor({k, n}, 2);
  Tensor c = Tensor::empty({m, n});
  // Reference rows: all of them up to 64, else 64 spread over C (first and last included).
  std::vector<int64_t> rows;
  const int64_t samples = std::min<int64_t>(m, 64);
  for (int64_t r = 0; r < samples; ++r) rows.push_back(samples == 1 ? 0 : r * (m - 1) / (samples - 1));
  std::vector<float> ref(rows.size() * n), got(rows.size() * n);
  const Timing ref_time = time_best([&] { gemm_naive_rows(a.data(), b.data(), ref.data(), rows, n, k); }, 1, 0.0);
  const double naive_estimate_s = ref_time.best_s * double(m) / double(rows.size());
  const double flops = 2.0 * m * n * k, bytes = 4.0 * (m * k + k * n + m * n);
  for (const GemmRung& rung : gemm_ladder()) {
    // packed_parallel runs on one thread below 2^22 flops (core/cpu/packed_gemm.cpp)
    const bool threaded = rung.threaded && (rung.name != "packed_parallel" || flops >= double(1 << 22));
    LabRow row = base_row("gemm", rung.name, std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k),
                          threaded ? report.threads : 1, flops, bytes);
    const double estimate = rung.name == "naive" ? naive_estimate_s : 0.0;
    time_row(row, [&] { rung.fn(a.data(), b.data(), c.data(), m, n, k); }, estimate, opt, report);
    if (row.skipped.empty()) {
      for (size_t r = 0; r < rows.size(); ++r) std::copy_n(c.data() + rows[r] * n, n, got.data() + r * n);
      row.max_rel_error = normwise_error(got.data(), ref.data(), int64_t(got.size()));
    }
    report.rows.push_back(row);
  }
#if defined(TUNET_LAB_WITH_CUDA)
  run_gemm_gpu(a, b, rows, ref, opt, report);
#endif
}

// ---- conv: every rung against the naive one (its output is the reference) ----
void run_conv(const std::string& size, const LabOptions& opt, LabReport& report) {
  ConvLayer layer;
  const std::vector<ConvLayer> named = cnn_conv_layers();
  const auto it = std::find_if(named.begin(), named.end(), [&](const ConvLayer& l) { return l.name == size; });
  if (it != named.end()) {
    layer = *it;
  } else {
    const std::vector<int64_t> d = parse_dims("conv", size, 6);
    layer = {size, d[0], d[1], d[2], d[3], d[4], d[5]};
  }
  const ConvDims dims = conv_layer_dims(layer);
  const Tensor x = random_tensor({layer.n, layer.c, layer.h, layer.w}, 3);
  const Tensor w = random_tensor({layer.kernel, layer.kernel, layer.c, layer.f}, 4);
  const Tensor b = random_tensor({layer.f}, 5);
  const double flops = 2.0 * dims.n * dims.p * dims.k * dims.f;
  const double bytes = 4.0 * (x.numel() + w.numel() + b.numel() + dims.n * dims.f * dims.p);
  const std::string label = layer.name == size && it != named.end()
                                ? size + " " + std::to_string(layer.n) + "x" + std::to_string(layer.c) + "x" +
                                      std::to_string(layer.h) + "x" + std::to_string(layer.w) + " k" +
                                      std::to_string(layer.kernel) + " f" + std::to_string(layer.f)
                                : size;
  Tensor ref;
  for (const ConvRung& rung : conv_ladder()) {
    LabRow row = base_row("conv", rung.name, label, rung.threaded ? report.threads : 1, flops, bytes);
    Tensor y;
    try {
      y = rung.fn(x, w, b);  // also the warm-up; an algorithm that does not apply throws here
    } catch (const Error& e) {
      const std::string what = e.what();
      row.skipped = what.substr(0, what.find('\n'));
      report.rows.push_back(row);
      continue;
    }
    if (!ref.defined()) ref = y;
    time_row(row, [&] { y = rung.fn(x, w, b); }, 0.0, opt, report);
    row.max_rel_error = normwise_error(y.data(), ref.data(), y.numel());
    report.rows.push_back(row);
  }
}

// ---- softmax + cross-entropy: the gradient and the loss against the naive rung ----
void run_softmax(const std::string& size, const LabOptions& opt, LabReport& report) {
  const std::vector<int64_t> d = parse_dims("softmax", size, 2);
  const int64_t rows = d[0], classes = d[1];
  Tensor z = random_tensor({rows, classes}, 6);
  for (int64_t i = 0; i < z.numel(); ++i) z.data()[i] *= 8.0f;  // logits of a trained model spread over ~[-8, 8]
  std::vector<int32_t> labels(rows);
  for (int64_t r = 0; r < rows; ++r) labels[r] = static_cast<int32_t>((r * 7919) % classes);
  Tensor dz = Tensor::empty({rows, classes}), ref_dz = Tensor::empty({rows, classes});
  const double ref_loss = softmax_naive(z.data(), labels.data(), ref_dz.data(), rows, classes);
  const double flops = 5.0 * rows * classes, bytes = 8.0 * rows * classes + 4.0 * rows;
  for (const SoftmaxRung& rung : softmax_ladder()) {
    const int threads = rows * classes >= kParallelMinElements ? report.threads : 1;  // the rungs' threshold
    LabRow row = base_row("softmax", rung.name, size, threads, flops, bytes);
    double loss = 0.0;
    time_row(row, [&] { loss = rung.fn(z.data(), labels.data(), dz.data(), rows, classes); }, 0.0, opt, report);
    const double loss_error = std::abs(loss - ref_loss) / std::max(std::abs(ref_loss), 1e-30);
    row.max_rel_error = std::max(normwise_error(dz.data(), ref_dz.data(), dz.numel()), loss_error);
    report.rows.push_back(row);
  }
}

// ---- adam: one step from the same state against the scalar rung ----
void run_adam(const std::string& size, const LabOptions& opt, LabReport& report) {
  const int64_t n = parse_dims("adam", size, 1)[0];
  const Tensor p0 = random_tensor({n}, 7), g0 = random_tensor({n}, 8), g1 = random_tensor({n}, 9);
  Tensor m0 = random_tensor({n}, 10), v0 = random_tensor({n}, 11);
  for (int64_t i = 0; i < n; ++i) m0.data()[i] *= 0.1f, v0.data()[i] = v0.data()[i] * v0.data()[i] * 0.01f;
  Tensor p = Tensor::empty({n}), m = Tensor::empty({n}), v = Tensor::empty({n}), g = Tensor::empty({n});
  const AdamSettings settings{.step = 10};
  const AdamBuffers buffers{p.data(), m.data(), v.data(), g0.data(), g1.data(), g.data(), n};
  const auto reset = [&] {
    std::copy_n(p0.data(), n, p.data());
    std::copy_n(m0.data(), n, m.data());
    std::copy_n(v0.data(), n, v.data());
  };
  reset();
  adam_scalar(buffers, settings);
  const Tensor ref = p.clone();
  const double flops = 16.0 * n, bytes = 32.0 * n;
  for (const AdamRung& rung : adam_ladder()) {
    const int threads = rung.name == "scalar" || n < kParallelMinElements ? 1 : report.threads;
    LabRow row = base_row("adam", rung.name, size, threads, flops, bytes);
    time_row(row, [&] { rung.fn(buffers, settings); }, 0.0, opt, report);  // steps from wherever the state is
    reset();
    rung.fn(buffers, settings);
    row.max_rel_error = normwise_error(p.data(), ref.data(), n);
    report.rows.push_back(row);
  }
}

std::string fixed(double value, int digits) {
  if (std::isnan(value)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

std::string scientific(double value) {
  if (std::isnan(value)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.1e", value);
  return text;
}

std::string time_text(double seconds) {
  if (std::isnan(seconds)) return "-";
  char text[32];
  if (seconds >= 1.0) {
    std::snprintf(text, sizeof text, "%.2f s", seconds);
  } else if (seconds >= 1e-3) {
    std::snprintf(text, sizeof text, "%.3f ms", seconds * 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.1f us", seconds * 1e6);
  }
  return text;
}

// The threads column: the count, or "gpu".
std::string threads_text(const LabRow& row) { return row.device == "gpu" ? "gpu" : std::to_string(row.threads); }

}  // namespace

LabReport run_lab(const LabOptions& opt, std::ostream* out) {
  for (const std::string& op : opt.ops) default_sizes(op);  // the unknown-op Error, before anything runs
  if (!opt.sizes.empty() && opt.ops.size() != 1) {
    throw Error("kernel lab: sizes are per op: give --op with --sizes (gemm, conv, softmax or adam)");
  }
  if (opt.threads > 0) set_num_threads(opt.threads);
  LabReport report;
  report.threads = num_threads();
  report.micro_kernel = gemm_micro_kernel_name();
  report.ceilings.isa = vector_isa();
  report.ceilings.threads = report.threads;
  if (opt.measure_ceilings) report.ceilings = measure_ceilings(report.threads);
#if defined(TUNET_LAB_WITH_CUDA)
  if (std::find(opt.ops.begin(), opt.ops.end(), "gemm") != opt.ops.end()) report.gpu = probe_gpu(opt.measure_ceilings);
#endif
  if (out) print_ceilings(*out, report);
  for (const std::string& op : opt.ops) {
    const size_t first = report.rows.size();
    for (const std::string& size : opt.sizes.empty() ? default_sizes(op) : opt.sizes) {
      if (op == "gemm") run_gemm(size, opt, report);
      if (op == "conv") run_conv(size, opt, report);
      if (op == "softmax") run_softmax(size, opt, report);
      if (op == "adam") run_adam(size, opt, report);
    }
    if (out) {
      *out << "\n";
      print_table(*out, std::vector<LabRow>(report.rows.begin() + first, report.rows.end()));
      out->flush();
    }
  }
  return report;
}

void print_ceilings(std::ostream& out, const LabReport& r) {
  const Ceilings& c = r.ceilings;
  char text[512];
  std::snprintf(text, sizeof text,
                "ceilings (%s, %d thread%s; GEMM micro-kernel %s)\n"
                "  FMA peak       1 core %8.1f GFLOP/s   %d cores %8.1f GFLOP/s\n"
                "  STREAM copy    1 core %8.1f GB/s      %d cores %8.1f GB/s\n"
                "  STREAM triad   1 core %8.1f GB/s      %d cores %8.1f GB/s\n"
                "  ridge point (peak / copy bandwidth): %.1f flop/byte on 1 core, %.1f on %d\n",
                c.isa.c_str(), r.threads, r.threads == 1 ? "" : "s", r.micro_kernel.c_str(), c.peak_gflops_1,
                r.threads, c.peak_gflops_all, c.bandwidth_1.copy_gbs, r.threads, c.bandwidth_all.copy_gbs,
                c.bandwidth_1.triad_gbs, r.threads, c.bandwidth_all.triad_gbs,
                c.bandwidth_1.copy_gbs > 0 ? c.peak_gflops_1 / c.bandwidth_1.copy_gbs : 0.0,
                c.bandwidth_all.copy_gbs > 0 ? c.peak_gflops_all / c.bandwidth_all.copy_gbs : 0.0, r.threads);
  out << text;
  if (!r.gpu.unavailable.empty()) out << "  GPU: none (" << r.gpu.unavailable << ")\n";
  if (!r.gpu.name.empty()) {
    std::snprintf(text, sizeof text,
                  "  GPU %s: FMA peak %.1f GFLOP/s, device copy %.1f GB/s, ridge point %.1f flop/byte\n",
                  r.gpu.name.c_str(), r.gpu.fma_gflops, r.gpu.copy_gbs,
                  r.gpu.copy_gbs > 0 ? r.gpu.fma_gflops / r.gpu.copy_gbs : 0.0);
    out << text;
  }
}

void print_table(std::ostream& out, const std::vector<LabRow>& rows) {
  if (rows.empty()) return;
  size_t variant_w = 7, size_w = 4;
  for (const LabRow& row : rows) {
    variant_w = std::max(variant_w, row.variant.size());
    size_w = std::max(size_w, row.size.size());
  }
  char line[512];
  out << rows.front().op << "\n";
  std::snprintf(line, sizeof line, "%-*s  %-*s  %7s  %11s  %9s  %8s  %7s  %11s  %9s\n", int(variant_w), "variant",
                int(size_w), "size", "threads", "time", "GFLOP/s", "GB/s", "% roof", "cpu GFLOP/s", "max err");
  out << line;
  for (const LabRow& row : rows) {
    if (!row.skipped.empty()) {
      std::snprintf(line, sizeof line, "%-*s  %-*s  %7s  skipped: %s\n", int(variant_w), row.variant.c_str(),
                    int(size_w), row.size.c_str(), threads_text(row).c_str(), row.skipped.c_str());
    } else {
      std::snprintf(line, sizeof line, "%-*s  %-*s  %7s  %11s  %9s  %8s  %7s  %11s  %9s\n", int(variant_w),
                    row.variant.c_str(), int(size_w), row.size.c_str(), threads_text(row).c_str(),
                    time_text(row.seconds).c_str(),
                    fixed(row.gflops, 1).c_str(), fixed(row.gbs, 1).c_str(), fixed(row.percent_of_roofline, 0).c_str(),
                    fixed(row.cpu_gflops, 1).c_str(), scientific(row.max_rel_error).c_str());
    }
    out << line;
  }
}

namespace {

nlohmann::json number_or_null(double value) { return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(); }

}  // namespace

nlohmann::json report_json(const LabReport& r, const std::string& command) {
  const Ceilings& c = r.ceilings;
  nlohmann::json results = nlohmann::json::array();
  for (const LabRow& row : r.rows) {
    results.push_back({{"op", row.op},
                       {"variant", row.variant},
                       {"size", row.size},
                       {"device", row.device},
                       {"threads", row.threads},
                       {"seconds", number_or_null(row.seconds)},
                       {"runs", row.runs},
                       {"flops", row.flops},
                       {"bytes", row.bytes},
                       {"gflops", number_or_null(row.gflops)},
                       {"gbs", number_or_null(row.gbs)},
                       {"cpu_seconds", number_or_null(row.cpu_seconds)},
                       {"cpu_gflops", number_or_null(row.cpu_gflops)},
                       {"intensity", row.intensity},
                       {"attainable_gflops", number_or_null(row.attainable_gflops)},
                       {"percent_of_roofline", number_or_null(row.percent_of_roofline)},
                       {"max_rel_error", number_or_null(row.max_rel_error)},
                       {"skipped", row.skipped.empty() ? nlohmann::json() : nlohmann::json(row.skipped)}});
  }
  return {{"schema", kReportSchema},
          {"command", command},
          {"machine", {{"isa", c.isa}, {"micro_kernel", r.micro_kernel}, {"threads", r.threads}, {"gpu", r.gpu.name}}},
          {"ceilings",
           {{"fma_gflops_1", c.peak_gflops_1},
            {"fma_gflops_all", c.peak_gflops_all},
            {"copy_gbs_1", c.bandwidth_1.copy_gbs},
            {"copy_gbs_all", c.bandwidth_all.copy_gbs},
            {"triad_gbs_1", c.bandwidth_1.triad_gbs},
            {"triad_gbs_all", c.bandwidth_all.triad_gbs},
            {"gpu_fma_gflops", r.gpu.fma_gflops},
            {"gpu_copy_gbs", r.gpu.copy_gbs}}},
          {"results", results}};
}

std::vector<std::string> report_json_problems(const nlohmann::json& j) {
  std::vector<std::string> problems;
  using Kind = bool (nlohmann::json::*)() const noexcept;
  const auto need = [&](const nlohmann::json& obj, const std::string& where, const char* key, Kind is_kind,
                        const char* kind, bool nullable) {
    if (!obj.is_object() || !obj.contains(key)) {
      problems.push_back(where + "." + key + ": missing");
    } else if (!(obj[key].*is_kind)() && !(nullable && obj[key].is_null())) {
      problems.push_back(where + "." + key + ": not " + kind + (nullable ? " or null" : ""));
    }
  };
  const Kind is_string = &nlohmann::json::is_string, is_number = &nlohmann::json::is_number,
             is_integer = &nlohmann::json::is_number_integer, is_object = &nlohmann::json::is_object,
             is_array = &nlohmann::json::is_array;
  need(j, "$", "schema", is_string, "a string", false);
  if (j.is_object() && j.contains("schema") && j["schema"] != kReportSchema) {
    problems.push_back(std::string("$.schema: not \"") + kReportSchema + "\"");
  }
  need(j, "$", "command", is_string, "a string", false);
  need(j, "$", "machine", is_object, "an object", false);
  need(j, "$", "ceilings", is_object, "an object", false);
  need(j, "$", "results", is_array, "an array", false);
  if (!problems.empty()) return problems;
  need(j["machine"], "$.machine", "isa", is_string, "a string", false);
  need(j["machine"], "$.machine", "micro_kernel", is_string, "a string", false);
  need(j["machine"], "$.machine", "threads", is_integer, "an integer", false);
  for (const char* key : {"fma_gflops_1", "fma_gflops_all", "copy_gbs_1", "copy_gbs_all", "triad_gbs_1", "triad_gbs_all"}) {
    need(j["ceilings"], "$.ceilings", key, is_number, "a number", false);
  }
  // The GPU's fields came with the CUDA rungs: reports without them conform.
  const auto optional = [&](const nlohmann::json& obj, const std::string& where, const char* key, Kind is_kind,
                            const char* kind) {
    if (obj.is_object() && obj.contains(key)) need(obj, where, key, is_kind, kind, false);
  };
  optional(j["machine"], "$.machine", "gpu", is_string, "a string");
  for (const char* key : {"gpu_fma_gflops", "gpu_copy_gbs"}) {
    optional(j["ceilings"], "$.ceilings", key, is_number, "a number");
  }
  for (size_t i = 0; i < j["results"].size(); ++i) {
    const nlohmann::json& row = j["results"][i];
    const std::string where = "$.results[" + std::to_string(i) + "]";
    need(row, where, "op", is_string, "a string", false);
    if (row.is_object() && row.contains("op") && row["op"].is_string() &&
        std::find(lab_ops().begin(), lab_ops().end(), row["op"].get<std::string>()) == lab_ops().end()) {
      problems.push_back(where + ".op: not one of gemm, conv, softmax, adam");
    }
    need(row, where, "variant", is_string, "a string", false);
    need(row, where, "size", is_string, "a string", false);
    optional(row, where, "device", is_string, "a string");
    if (row.is_object() && row.contains("device") && row["device"] != "cpu" && row["device"] != "gpu") {
      problems.push_back(where + ".device: not cpu or gpu");
    }
    need(row, where, "threads", is_integer, "an integer", false);
    need(row, where, "runs", is_integer, "an integer", false);
    for (const char* key : {"flops", "bytes", "intensity"}) need(row, where, key, is_number, "a number", false);
    for (const char* key : {"seconds", "gflops", "gbs", "cpu_seconds", "cpu_gflops", "attainable_gflops",
                            "percent_of_roofline", "max_rel_error"}) {
      need(row, where, key, is_number, "a number", true);
    }
    need(row, where, "skipped", is_string, "a string", true);
  }
  return problems;
}

}  // namespace tunet::lab
