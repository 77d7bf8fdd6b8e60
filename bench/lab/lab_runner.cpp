#include "bench/lab/lab_runner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <ostream>
#include <sstream>

#include "bench/lab/adam_ladder.hpp"
#include "bench/lab/conv_ladder.hpp"
#include "bench/lab/conv_train_ladder.hpp"
#include "bench/lab/gemm_ladder.hpp"
#include "bench/lab/peers.hpp"
#include "bench/lab/softmax_ladder.hpp"
#include "bench/lab/timing.hpp"
#include "core/conv_ops.hpp"
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
    if (!rung.fn || !rung.missing.empty()) {
      row.skipped = rung.missing;
      report.rows.push_back(row);
      continue;
    }
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

// ---- conv training step: forward + backward, every rung's y, dx, dw, db against the naive one's ----
void run_conv_training(const Tensor& x, const Tensor& w, const Tensor& b, const std::string& label,
                       const LabOptions& opt, LabReport& report) {
  const ConvDims d = conv_dims("kernel lab conv", x.shape(), w.shape(), 1, "same");
  const Tensor dy = random_tensor({d.n, d.f, d.win.out_h, d.win.out_w}, 12);
  Tensor y = Tensor::empty(dy.shape()), dx = Tensor::empty(x.shape()), dw = Tensor::empty(w.shape()),
         db = Tensor::empty(b.shape());
  Tensor ref_y = Tensor::empty(dy.shape()), ref_dx = Tensor::empty(x.shape()), ref_dw = Tensor::empty(w.shape()),
         ref_db = Tensor::empty(b.shape());
  conv_train_naive({x, w, b, dy, ref_y, ref_dx, ref_dw, ref_db});
  const double flops = 3 * 2.0 * d.n * d.p * d.k * d.f;
  const double bytes = 4.0 * 2 * (x.numel() + w.numel() + b.numel() + dy.numel());  // each value and its gradient
  const ConvTrainBuffers io{x, w, b, dy, y, dx, dw, db};
  for (const ConvTrainRung& rung : conv_train_ladder()) {
    LabRow row = base_row("conv", rung.name, label, report.threads, flops, bytes);
    try {
      if (!rung.fn) throw Error(rung.missing);
      rung.fn(io);  // also the warm-up; an algorithm that does not apply throws here
    } catch (const Error& e) {
      const std::string what = e.what();
      row.skipped = what.substr(0, what.find('\n'));
      report.rows.push_back(row);
      continue;
    }
    time_row(row, [&] { rung.fn(io); }, 0.0, opt, report);
    row.max_rel_error = std::max({normwise_error(y.data(), ref_y.data(), y.numel()),
                                  normwise_error(dx.data(), ref_dx.data(), dx.numel()),
                                  normwise_error(dw.data(), ref_dw.data(), dw.numel()),
                                  normwise_error(db.data(), ref_db.data(), db.numel())});
    report.rows.push_back(row);
  }
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
    if (!rung.fn) {
      row.skipped = rung.missing;
      report.rows.push_back(row);
      continue;
    }
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
  run_conv_training(x, w, b, label, opt, report);
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
    const int threads = rung.peer || rows * classes >= kParallelMinElements ? report.threads : 1;  // the rungs' threshold
    LabRow row = base_row("softmax", rung.name, size, threads, flops, bytes);
    if (!rung.fn) {
      row.skipped = rung.missing;
      report.rows.push_back(row);
      continue;
    }
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
    const int threads = !rung.peer && (rung.name == "scalar" || n < kParallelMinElements) ? 1 : report.threads;
    LabRow row = base_row("adam", rung.name, size, threads, flops, bytes);
    if (!rung.fn) {
      row.skipped = rung.missing;
      report.rows.push_back(row);
      continue;
    }
    time_row(row, [&] { rung.fn(buffers, settings); }, 0.0, opt, report);  // steps from wherever the state is
    reset();
    rung.fn(buffers, settings);
    row.max_rel_error = normwise_error(p.data(), ref.data(), n);
    report.rows.push_back(row);
  }
}

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
  set_peer_threads(report.threads);
  report.peers = peer_descriptions();
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
    const std::vector<std::string> notes = take_onednn_notes();
    report.notes.insert(report.notes.end(), notes.begin(), notes.end());
    if (out) {
      *out << "\n";
      print_table(*out, std::vector<LabRow>(report.rows.begin() + first, report.rows.end()));
      for (const std::string& note : notes) *out << "  note: " << note << "\n";
      out->flush();
    }
  }
  return report;
}

}  // namespace tunet::lab
