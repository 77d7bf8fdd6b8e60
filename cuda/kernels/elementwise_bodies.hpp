#pragma once
// Per-thread bodies of the CUDA elementwise table (see launch.hpp): binary ops
// with NumPy broadcasting and their gradients, unary ops and theirs, fill; and
// the passes that launch them, run by the GPU's executor (cuda/device_exec.cuh)
// and by the host tests' (tests/host_exec.hpp). The math, each op as a type
// and the dispatch from an op to its type are core/kernels/arithmetic.hpp, as
// on the CPU.
//
// Broadcast gradients without races: several outputs feed one element of a
// broadcast input, so the gradient of that input is a sum over the output
// elements that read it. One thread owns each input element (or a run of its
// terms, cuda/kernels/sum_bodies.hpp) and adds that sum once; no two threads
// write one address, and no atomics are needed, so results are deterministic.
#include <cstdint>

#include "core/kernels/arithmetic.hpp"
#include "core/op_kernels.hpp"
#include "cuda/kernels/sum_bodies.hpp"

namespace tunet::cuda {

// ---- index arithmetic ----

// The same plan with extent-1 axes dropped and neighbouring axes merged where
// both inputs step through them as one (contiguous, or both broadcast), so a
// thread divides by fewer extents. (4, 5, 6) + (5, 6) becomes (4, 30) + (30).
inline BroadcastPlan coalesce(const BroadcastPlan& plan) {
  BroadcastPlan out = plan;
  out.rank = 0;
  for (int axis = 0; axis < plan.rank; ++axis) {
    const int64_t e = plan.extent[axis], sa = plan.stride_a[axis], sb = plan.stride_b[axis];
    if (e == 1) continue;
    if (out.rank > 0) {
      const int last = out.rank - 1;
      // merge into the previous axis when it steps exactly `e` times this axis's stride
      if (out.stride_a[last] == sa * e && out.stride_b[last] == sb * e) {
        out.extent[last] *= e;
        out.stride_a[last] = sa;
        out.stride_b[last] = sb;
        continue;
      }
    }
    out.extent[out.rank] = e;
    out.stride_a[out.rank] = sa;
    out.stride_b[out.rank] = sb;
    ++out.rank;
  }
  return out;
}

// Offsets into a and b of output element i.
TUNET_HD inline void broadcast_offsets(const BroadcastPlan& p, int64_t i, int64_t& offset_a, int64_t& offset_b) {
  offset_a = 0;
  offset_b = 0;
  for (int axis = p.rank - 1; axis >= 0; --axis) {
    const int64_t coordinate = i % p.extent[axis];
    i /= p.extent[axis];
    offset_a += coordinate * p.stride_a[axis];
    offset_b += coordinate * p.stride_b[axis];
  }
}

// ---- binary ops; Op is kernels::AddOp, SubOp, MulOp or DivOp ----

template <class Op>
struct BinarySameBody {  // a, b and out of one shape
  const float* a;
  const float* b;
  float* out;
  TUNET_HD void operator()(int64_t i) const { out[i] = Op::value(a[i], b[i]); }
};

template <class Op>
struct BinaryBroadcastBody {
  const float* a;
  const float* b;
  float* out;
  BroadcastPlan plan;
  TUNET_HD void operator()(int64_t i) const {
    int64_t ia, ib;
    broadcast_offsets(plan, i, ia, ib);
    out[i] = Op::value(a[ia], b[ib]);
  }
};

// da_i += g_i dOp/da (a_i, b_i), db_i += g_i dOp/db (a_i, b_i); da or db may be null.
template <class Op>
struct BinaryBackwardSameBody {
  const float* a;
  const float* b;
  const float* grad_out;
  float* da;
  float* db;
  TUNET_HD void operator()(int64_t i) const {
    if (da) da[i] += grad_out[i] * Op::da(a[i], b[i]);
    if (db) db[i] += grad_out[i] * Op::db(a[i], b[i]);
  }
};

// The output axes as seen from one input ("self"; the other is "other"):
// kept axes index self's elements (self's own row-major layout), reduced axes
// are those self is broadcast along. d self[j] = sum over the reduced axes.
struct BroadcastGradPlan {
  int kept = 0, reduced = 0;
  int64_t kept_extent[kMaxRank] = {}, kept_out_stride[kMaxRank] = {}, kept_other_stride[kMaxRank] = {};
  int64_t reduced_extent[kMaxRank] = {}, reduced_out_stride[kMaxRank] = {}, reduced_other_stride[kMaxRank] = {};
  int64_t self_count = 1, reduced_count = 1;
};

// For the gradient of b when `self_is_b`, else of a.
inline BroadcastGradPlan plan_broadcast_gradient(const BroadcastPlan& plan, bool self_is_b) {
  BroadcastGradPlan g;
  int64_t out_stride = 1;
  int64_t out_strides[kMaxRank] = {};
  for (int axis = plan.rank - 1; axis >= 0; --axis) {
    out_strides[axis] = out_stride;
    out_stride *= plan.extent[axis];
  }
  for (int axis = 0; axis < plan.rank; ++axis) {
    const int64_t e = plan.extent[axis];
    if (e == 1) continue;
    const int64_t self = self_is_b ? plan.stride_b[axis] : plan.stride_a[axis];
    const int64_t other = self_is_b ? plan.stride_a[axis] : plan.stride_b[axis];
    if (self != 0) {
      g.kept_extent[g.kept] = e;
      g.kept_out_stride[g.kept] = out_strides[axis];
      g.kept_other_stride[g.kept] = other;
      ++g.kept;
      g.self_count *= e;
    } else {
      g.reduced_extent[g.reduced] = e;
      g.reduced_out_stride[g.reduced] = out_strides[axis];
      g.reduced_other_stride[g.reduced] = other;
      ++g.reduced;
      g.reduced_count *= e;
    }
  }
  return g;
}

// Terms of d self[j]: g[out] * dOp/dself (a, b) over the outputs that read self[j].
template <class Op, bool kSelfIsB>
struct BroadcastGradTerms {
  struct Base {
    int64_t out, other;
    float self;
  };
  const float* self;
  const float* other;
  const float* grad_out;
  BroadcastGradPlan plan;
  TUNET_HD Base base(int64_t j) const {
    Base b{0, 0, self[j]};
    for (int axis = plan.kept - 1; axis >= 0; --axis) {
      const int64_t coordinate = j % plan.kept_extent[axis];
      j /= plan.kept_extent[axis];
      b.out += coordinate * plan.kept_out_stride[axis];
      b.other += coordinate * plan.kept_other_stride[axis];
    }
    return b;
  }
  TUNET_HD double at(const Base& b, int64_t k) const {
    int64_t out_index = b.out, other_index = b.other;
    for (int axis = plan.reduced - 1; axis >= 0; --axis) {
      const int64_t coordinate = k % plan.reduced_extent[axis];
      k /= plan.reduced_extent[axis];
      out_index += coordinate * plan.reduced_out_stride[axis];
      other_index += coordinate * plan.reduced_other_stride[axis];
    }
    const float o = other[other_index];
    const float partial = kSelfIsB ? Op::db(o, b.self) : Op::da(b.self, o);
    return static_cast<double>(grad_out[out_index] * partial);
  }
};

// ---- unary ops; Fn is kernels::NegOp, ExpOp, ...: value(x, p), derivative(x, y, p) ----

template <class Fn>
struct UnaryBody {  // y = f(x)
  const float* x;
  float* y;
  float parameter;
  TUNET_HD void operator()(int64_t i) const { y[i] = Fn::value(x[i], parameter); }
};

template <class Fn>
struct UnaryBackwardBody {  // dx += g f'(x)
  const float* x;
  const float* y;
  const float* grad_out;
  float* dx;
  float parameter;
  TUNET_HD void operator()(int64_t i) const { dx[i] += grad_out[i] * Fn::derivative(x[i], y[i], parameter); }
};

struct FillBody {
  float* dst;
  float value;
  TUNET_HD void operator()(int64_t i) const { dst[i] = value; }
};

// ---- passes: the table's entries on raw pointers ----

// out = a (op) b
template <class Exec>
void binary_pass(Exec& exec, BinaryOp op, const BroadcastPlan& plan, const float* a, const float* b, float* out) {
  kernels::dispatch_binary(op, [&](auto op_type) {
    using Op = decltype(op_type);
    if (plan.same)
      exec.launch(plan.count, BinarySameBody<Op>{a, b, out});
    else
      exec.launch(plan.count, BinaryBroadcastBody<Op>{a, b, out, coalesce(plan)});
  });
}

// da += g dOp/da, db += g dOp/db (either may be null). Broadcast: d self[j] +=
// the sum over the outputs that read self[j], one thread per element of self
// (or per run of its terms).
template <class Exec>
void binary_backward_pass(Exec& exec, BinaryOp op, const BroadcastPlan& plan, const float* a, const float* b,
                          const float* grad_out, float* da, float* db) {
  kernels::dispatch_binary(op, [&](auto op_type) {
    using Op = decltype(op_type);
    if (plan.same) {
      exec.launch(plan.count, BinaryBackwardSameBody<Op>{a, b, grad_out, da, db});
      return;
    }
    const BroadcastPlan p = coalesce(plan);
    if (da) {
      const BroadcastGradPlan g = plan_broadcast_gradient(p, false);
      exec.sum(BroadcastGradTerms<Op, false>{a, b, grad_out, g}, g.self_count, g.reduced_count, da, true);
    }
    if (db) {
      const BroadcastGradPlan g = plan_broadcast_gradient(p, true);
      exec.sum(BroadcastGradTerms<Op, true>{b, a, grad_out, g}, g.self_count, g.reduced_count, db, true);
    }
  });
}

// y = f(x), `count` elements
template <class Exec>
void unary_pass(Exec& exec, UnaryOp op, float parameter, const float* x, float* y, int64_t count) {
  kernels::dispatch_unary(op, [&](auto fn) { exec.launch(count, UnaryBody<decltype(fn)>{x, y, parameter}); });
}

// dx += g f'(x)
template <class Exec>
void unary_backward_pass(Exec& exec, UnaryOp op, float parameter, const float* x, const float* y,
                         const float* grad_out, float* dx, int64_t count) {
  kernels::dispatch_unary(op, [&](auto fn) {
    exec.launch(count, UnaryBackwardBody<decltype(fn)>{x, y, grad_out, dx, parameter});
  });
}

}  // namespace tunet::cuda
