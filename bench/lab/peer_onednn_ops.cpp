// oneDNN's rungs of the memory-bound ladders: softmax + cross-entropy from its
// softmax primitive, and Adam from its eltwise and binary primitives. oneDNN
// has neither a cross-entropy loss nor an optimizer primitive: the softmax
// rung finishes the loss and gradient in one loop of its own, the Adam rung
// chains eight primitives, one sweep over memory each.
#include <cmath>
#include <map>
#include <set>
#include <memory>
#include <tuple>
#include <vector>

#include "bench/lab/peer_onednn.hpp"
#include "bench/lab/peers.hpp"
#include "core/parallel.hpp"

namespace tunet::lab {
namespace {

using dnnl::memory;
constexpr auto kF32 = memory::data_type::f32;

struct Softmax {
  memory::desc md;
  dnnl::softmax_v2_forward primitive;
};

Softmax& softmax_for(int64_t rows, int64_t classes) {
  static std::map<std::pair<int64_t, int64_t>, std::unique_ptr<Softmax>> made;
  auto& slot = made[{rows, classes}];
  if (!slot) {
    slot = onednn::wrap("oneDNN softmax", [&] {
      auto s = std::make_unique<Softmax>();
      s->md = memory::desc({rows, classes}, kF32, memory::format_tag::ab);
      const dnnl::softmax_v2_forward::primitive_desc pd(
          {dnnl::prop_kind::forward_inference, dnnl::algorithm::softmax_accurate, s->md, s->md, 1},
          onednn::engine());
      onednn::note("softmax " + std::to_string(rows) + "x" + std::to_string(classes), pd);
      s->primitive = dnnl::softmax_v2_forward(pd);
      return s;
    });
  }
  return *slot;
}

}  // namespace

// p = softmax(z) by oneDNN into dz, then loss = -1/B sum log p[y] and
// dz = (p - onehot(y)) / B in one more sweep.
double softmax_onednn(const float* z, const int32_t* labels, float* dz, int64_t rows, int64_t classes) {
  Softmax& s = softmax_for(rows, classes);
  dnnl::engine& e = onednn::engine();
  memory zm(s.md, e, const_cast<float*>(z)), pm(s.md, e, dz);
  s.primitive.execute(onednn::stream(), {{DNNL_ARG_SRC, zm}, {DNNL_ARG_DST, pm}});
  onednn::stream().wait();
  const float inv_b = 1.0f / float(rows);
  double loss = 0.0;
#pragma omp parallel for schedule(static) reduction(+ : loss) if (rows * classes >= kParallelMinElements)
  for (int64_t r = 0; r < rows; ++r) {
    float* row = dz + r * classes;
    loss -= std::log(double(row[labels[r]]));
    row[labels[r]] -= 1.0f;
    for (int64_t i = 0; i < classes; ++i) row[i] *= inv_b;
  }
  return loss / double(rows);
}

namespace {

// Adam's step as eight primitives over n floats; the step's scalars (b1, b2,
// bc1, bc2, lr, eps) are baked into them, so they are made per settings.
struct AdamChain {
  std::vector<dnnl::primitive> steps;  // in the order of AdamStep
};

enum AdamStep { kSumPartials, kMomentum, kSquare, kVelocity, kRootV, kPlusEps, kDivide, kApply };

// The implementations the chain's primitives use ("binary jit:uni", ...).
std::set<std::string>& implementations() {
  static std::set<std::string> names;
  return names;
}

dnnl::primitive binary(dnnl::algorithm algorithm, const memory::desc& md, float scale0, float scale1) {
  dnnl::primitive_attr attr;
  if (scale0 != 1.0f) attr.set_scales(DNNL_ARG_SRC_0, 0, {scale0});
  if (scale1 != 1.0f) attr.set_scales(DNNL_ARG_SRC_1, 0, {scale1});
  const dnnl::binary::primitive_desc pd({algorithm, md, md, md}, attr, onednn::engine());
  implementations().insert(std::string("binary ") + pd.impl_info_str());
  return dnnl::binary(pd);
}

dnnl::primitive eltwise(dnnl::algorithm algorithm, const memory::desc& md, float alpha, float beta) {
  const dnnl::eltwise_forward::primitive_desc pd({dnnl::prop_kind::forward_inference, algorithm, md, alpha, beta},
                                                 onednn::engine());
  implementations().insert(std::string("eltwise ") + pd.impl_info_str());
  return dnnl::eltwise_forward(pd);
}

AdamChain& adam_for(int64_t n, const AdamSettings& s) {
  using Key = std::tuple<int64_t, float, float, float, float, int>;
  static std::map<Key, std::unique_ptr<AdamChain>> made;
  auto& slot = made[{n, s.lr, s.b1, s.b2, s.eps, s.step}];
  if (!slot) {
    slot = onednn::wrap("oneDNN Adam", [&] {
      const float bc1 = 1.0f - std::pow(s.b1, float(s.step)), bc2 = 1.0f - std::pow(s.b2, float(s.step));
      const memory::desc md({n}, kF32, memory::format_tag::x);
      using a = dnnl::algorithm;
      auto chain = std::make_unique<AdamChain>();
      chain->steps = {binary(a::binary_add, md, 1.0f, 1.0f),                    // g = g0 + g1
                      binary(a::binary_add, md, s.b1, 1.0f - s.b1),              // m = b1 m + (1-b1) g
                      eltwise(a::eltwise_square, md, 0.0f, 0.0f),                // g = g^2
                      binary(a::binary_add, md, s.b2, 1.0f - s.b2),              // v = b2 v + (1-b2) g
                      eltwise(a::eltwise_pow, md, 1.0f / std::sqrt(bc2), 0.5f),  // g = sqrt(v / bc2)
                      eltwise(a::eltwise_linear, md, 1.0f, s.eps),               // g = g + eps
                      binary(a::binary_div, md, 1.0f, 1.0f),                     // g = m / g
                      binary(a::binary_add, md, 1.0f, -s.lr / bc1)};             // p = p - lr/bc1 g
      std::string used;
      for (const std::string& name : implementations()) used += (used.empty() ? "" : ", ") + name;
      onednn::note("Adam over " + std::to_string(n) + " parameters: 8 primitives (binary add, add, eltwise square, "
                   "add, eltwise pow, linear, binary div, add): " + used);
      return chain;
    });
  }
  return *slot;
}

}  // namespace

void adam_onednn(const AdamBuffers& x, const AdamSettings& s) {
  AdamChain& chain = adam_for(x.n, s);
  const memory::desc md({x.n}, kF32, memory::format_tag::x);
  dnnl::engine& e = onednn::engine();
  memory p(md, e, x.p), m(md, e, x.m), v(md, e, x.v), g(md, e, x.g), g0(md, e, const_cast<float*>(x.g0)),
      g1(md, e, const_cast<float*>(x.g1));
  dnnl::stream& st = onednn::stream();
  const auto two = [&](int i, memory& a, memory& b, memory& out) {
    chain.steps[i].execute(st, {{DNNL_ARG_SRC_0, a}, {DNNL_ARG_SRC_1, b}, {DNNL_ARG_DST, out}});
  };
  const auto one = [&](int i, memory& in, memory& out) {
    chain.steps[i].execute(st, {{DNNL_ARG_SRC, in}, {DNNL_ARG_DST, out}});
  };
  two(kSumPartials, g0, g1, g);
  two(kMomentum, m, g, m);
  one(kSquare, g, g);
  two(kVelocity, v, g, v);
  one(kRootV, v, g);
  one(kPlusEps, g, g);
  two(kDivide, m, g, g);
  two(kApply, p, g, p);
  st.wait();
}

}  // namespace tunet::lab
