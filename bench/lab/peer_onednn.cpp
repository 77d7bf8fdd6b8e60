// oneDNN's engine, stream and notes for the lab's oneDNN rungs, and its GEMM:
// the matmul primitive on row-major f32 operands ("ab" memory, no reorders).
#include "bench/lab/peer_onednn.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <numeric>
#include <tuple>
#include <vector>

#include "bench/lab/peers.hpp"

namespace tunet::lab {
namespace onednn {
namespace {

std::vector<std::string>& notes() {
  static std::vector<std::string> all;
  return all;
}

}  // namespace

dnnl::engine& engine() {
  static dnnl::engine cpu(dnnl::engine::kind::cpu, 0);
  return cpu;
}

dnnl::stream& stream() {
  static dnnl::stream s(engine());
  return s;
}

// oneDNN's own notation (as ONEDNN_VERBOSE prints it): dimensions a, b, c, ...
// from the outermost stride in, a blocked one in upper case, then its inner
// blocks: nChw16c is "aBcd16b".
std::string format_of(const dnnl::memory::desc& md) {
  const dnnl_memory_desc_t& d = md.data;
  if (d.format_kind != dnnl_blocked) return "any";
  const dnnl_blocking_desc_t& blk = d.format_desc.blocking;
  std::vector<int> order(d.ndims);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int i, int j) { return blk.strides[i] > blk.strides[j]; });
  std::string text;
  for (int i : order) {
    const bool blocked = std::find(blk.inner_idxs, blk.inner_idxs + blk.inner_nblks, i) != blk.inner_idxs + blk.inner_nblks;
    text += char((blocked ? 'A' : 'a') + i);
  }
  for (int j = 0; j < blk.inner_nblks; ++j) text += std::to_string(blk.inner_blks[j]) + char('a' + blk.inner_idxs[j]);
  return text;
}

void note(const std::string& text) { notes().push_back(text); }

void note(const std::string& what, const dnnl::primitive_desc_base& pd) {
  using q = dnnl::query;
  std::string formats;
  for (const auto& [name, query] : {std::pair{"src", q::src_md}, {"weights", q::weights_md}, {"dst", q::dst_md},
                                    {"diff_src", q::diff_src_md}, {"diff_weights", q::diff_weights_md},
                                    {"diff_dst", q::diff_dst_md}}) {
    const dnnl::memory::desc md = pd.query_md(query);
    if (md.data.ndims > 0) formats += std::string(formats.empty() ? "" : ", ") + name + " " + format_of(md);
  }
  note(what + ": " + pd.impl_info_str() + " (" + formats + ")");
}

}  // namespace onednn

std::vector<std::string> take_onednn_notes() {
  std::vector<std::string> taken;
  taken.swap(onednn::notes());
  return taken;
}

namespace {

// One matmul primitive per shape, made on first use.
struct Matmul {
  dnnl::matmul primitive;
  dnnl::memory::desc a, b, c;
};

Matmul& matmul_for(int64_t m, int64_t n, int64_t k) {
  static std::map<std::tuple<int64_t, int64_t, int64_t>, std::unique_ptr<Matmul>> made;
  auto& slot = made[{m, n, k}];
  if (!slot) {
    slot = onednn::wrap("oneDNN matmul", [&] {
      using tag = dnnl::memory::format_tag;
      const auto f32 = dnnl::memory::data_type::f32;
      auto mm = std::make_unique<Matmul>();
      mm->a = dnnl::memory::desc({m, k}, f32, tag::ab);
      mm->b = dnnl::memory::desc({k, n}, f32, tag::ab);
      mm->c = dnnl::memory::desc({m, n}, f32, tag::ab);
      const dnnl::matmul::primitive_desc pd({mm->a, mm->b, mm->c}, onednn::engine());
      onednn::note("matmul " + std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k), pd);
      mm->primitive = dnnl::matmul(pd);
      return mm;
    });
  }
  return *slot;
}

}  // namespace

void gemm_onednn(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  // oneDNN 2.6 dies of SIGFPE making a matmul with a zero extent: C is empty, or an empty sum
  if (m == 0 || n == 0 || k == 0) {
    std::fill(c, c + m * n, 0.0f);
    return;
  }
  Matmul& mm = matmul_for(m, n, k);
  dnnl::engine& e = onednn::engine();
  dnnl::memory am(mm.a, e, const_cast<float*>(a)), bm(mm.b, e, const_cast<float*>(b)), cm(mm.c, e, c);
  mm.primitive.execute(onednn::stream(), {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, cm}});
  onednn::stream().wait();
}

}  // namespace tunet::lab
