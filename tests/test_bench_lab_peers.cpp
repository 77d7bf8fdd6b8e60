// The kernel lab's peer libraries (OpenBLAS, BLIS, oneDNN; bench/lab/peers.hpp):
// where the build has one, its rungs match the naive reference; where it does
// not, its rows are kept and say "skipped: <why>". The same tests run in a
// build with the libraries and in one without (TUNET_LAB_PEERS=OFF).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include "bench/lab/conv_train_ladder.hpp"
#include "bench/lab/gemm_ladder.hpp"
#include "bench/lab/lab_runner.hpp"
#include "bench/lab/peers.hpp"
#include "core/conv_ops.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "lab_test_helpers.hpp"

namespace lab = tunet::lab;
using tunet::lab_test::normwise_error, tunet::lab_test::random_tensor;

namespace {

// The library a peer row belongs to ("" for tunet's own rungs).
std::string library_of(const std::string& variant) {
  if (variant == "openblas" || variant == "blis") return variant;
  return variant.rfind("onednn", 0) == 0 ? "onednn" : "";
}

lab::LabReport tiny_run(const std::string& op, std::vector<std::string> sizes, int threads) {
  lab::LabOptions opt{.ops = {op}, .sizes = std::move(sizes), .threads = threads, .repetitions = 1, .time_cap_s = 0.05};
  opt.measure_ceilings = false;
  return lab::run_lab(opt, nullptr);
}

}  // namespace

TEST_CASE("each peer library is either built in and described, or says why not") {
  const auto peers = lab::peer_descriptions();
  REQUIRE(peers.size() == 3);
  for (const auto& peer : peers) {
    const std::string& name = peer.first;
    const std::string& what = peer.second;
    CAPTURE(name);
    CAPTURE(what);
    const std::string missing = lab::peer_missing(name);
    if (missing.empty()) {
      CHECK(what.rfind("skipped: ", 0) == std::string::npos);
    } else {
      CHECK(what == "skipped: " + missing);
    }
  }
  CHECK(lab::peer_missing("mkl").find("openblas, blis, onednn") != std::string::npos);
#if !defined(TUNET_LAB_WITH_ONEDNN)
  CHECK(lab::peer_missing("onednn").find("libdnnl-dev") != std::string::npos);
#endif
}

TEST_CASE("the peer GEMMs match the naive product on odd shapes, on 1 and 2 threads") {
  struct Dims {
    int64_t m, n, k;
  };
  for (int threads : {1, 2}) {
    lab::set_peer_threads(threads);
    for (const Dims& d : {Dims{1, 1, 1}, Dims{33, 7, 129}, Dims{128, 100, 784}, Dims{129, 257, 65}, Dims{5, 3, 0}}) {
      std::vector<float> a(d.m * d.k), b(d.k * d.n), ref(d.m * d.n);
      tunet::Tensor ta = random_tensor({d.m * d.k + 1}, 1), tb = random_tensor({d.k * d.n + 1}, 2);
      std::copy_n(ta.data(), a.size(), a.begin());
      std::copy_n(tb.data(), b.size(), b.begin());
      lab::gemm_naive(a.data(), b.data(), ref.data(), d.m, d.n, d.k);
      for (const lab::GemmRung& rung : lab::gemm_ladder()) {
        if (library_of(rung.name).empty() || !rung.fn) continue;
        CAPTURE(rung.name);
        CAPTURE(threads);
        CAPTURE(d.m);
        CAPTURE(d.k);
        std::vector<float> c(d.m * d.n, 123.0f);  // overwritten, never added to
        rung.fn(a.data(), b.data(), c.data(), d.m, d.n, d.k);
        CHECK(normwise_error(c.data(), ref.data(), int64_t(c.size())) < 1e-5);
      }
    }
  }
}

TEST_CASE("every training-step rung that applies gives the naive y, dx, dw and db; the others say why not") {
  struct Case {
    int64_t n, c, h, w, kernel, f;
  };
  // 1 channel (tunet's direct applies), 9 (tunet's Winograd), a 3x3 kernel and 16 channels (oneDNN's Winograd may).
  for (const Case& s : {Case{2, 1, 7, 9, 5, 3}, Case{3, 9, 11, 13, 5, 4}, Case{2, 16, 6, 6, 3, 16}}) {
    CAPTURE(s.c);
    const tunet::Tensor x = random_tensor({s.n, s.c, s.h, s.w}, 3), w = random_tensor({s.kernel, s.kernel, s.c, s.f}, 4),
                        b = random_tensor({s.f}, 5), dy = random_tensor({s.n, s.f, s.h, s.w}, 6);
    std::vector<tunet::Tensor> ref, got;
    for (int i = 0; i < 2; ++i) {
      auto& set = i == 0 ? ref : got;
      set = {tunet::Tensor::empty(dy.shape()), tunet::Tensor::empty(x.shape()), tunet::Tensor::empty(w.shape()),
             tunet::Tensor::empty(b.shape())};
    }
    lab::conv_train_naive({x, w, b, dy, ref[0], ref[1], ref[2], ref[3]});
    int ran = 0;
    for (const lab::ConvTrainRung& rung : lab::conv_train_ladder()) {
      CAPTURE(rung.name);
      if (!rung.fn) {
        CHECK(rung.missing == lab::peer_missing("onednn"));
        continue;
      }
      for (tunet::Tensor& t : got) std::fill(t.data(), t.data() + t.numel(), 99.0f);  // overwritten, never added to
      try {
        rung.fn({x, w, b, dy, got[0], got[1], got[2], got[3]});
      } catch (const tunet::Error& e) {
        CHECK(rung.name.find("naive") == std::string::npos);
        CHECK(std::string(e.what()).size() > 0);
        continue;
      }
      ++ran;
      for (int t = 0; t < 4; ++t) CHECK(normwise_error(got[t].data(), ref[t].data(), got[t].numel()) < 1e-5);
    }
    CHECK(ran >= (lab::peer_missing("onednn").empty() ? 5 : 3));
  }
}

TEST_CASE("a run's peer rows are timed and checked where the library is built, 'skipped: <why>' where not") {
  for (int threads : {1, 2}) {
    lab::LabReport report = tiny_run("gemm", {"33x7x129"}, threads);
    for (const auto& more : {tiny_run("softmax", {"7x3"}, threads), tiny_run("adam", {"129"}, threads),
                             tiny_run("conv", {"2x3x9x9x3x4"}, threads)}) {
      report.rows.insert(report.rows.end(), more.rows.begin(), more.rows.end());
    }
    int peer_rows = 0;
    for (const lab::LabRow& row : report.rows) {
      const std::string library = library_of(row.variant);
      if (library.empty()) continue;
      ++peer_rows;
      CAPTURE(row.op);
      CAPTURE(row.variant);
      CAPTURE(row.skipped);
      CHECK(row.threads == threads);  // a peer runs on the threads it is given
      const std::string missing = lab::peer_missing(library);
      if (!missing.empty()) {
        CHECK(row.skipped == missing);
      } else if (row.variant.find("winograd") != std::string::npos && !row.skipped.empty()) {
        CHECK(row.skipped.find("oneDNN") != std::string::npos);  // oneDNN's own reason
      } else {
        CHECK(row.skipped.empty());
        CHECK(row.seconds > 0);
        CHECK(row.max_rel_error < 1e-5);
      }
    }
    CHECK(peer_rows == 3 + 1 + 1 + 6);  // gemm: 3 libraries; softmax, adam: oneDNN; conv: 3 forward + 3 training steps

    std::ostringstream table;
    lab::print_table(table, report.rows);
    if (!lab::peer_missing("blis").empty()) CHECK(table.str().find("skipped: " + lab::peer_missing("blis")) != std::string::npos);
    const nlohmann::json j = nlohmann::json::parse(lab::report_json(report, "tunet-bench kernels").dump());
    CHECK(lab::report_json_problems(j).empty());
    CHECK(j["machine"]["peers"].size() == 3);
    CHECK(j["notes"].is_array());
  }
}
