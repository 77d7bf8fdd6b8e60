// The CPU elementwise table: broadcasting binary ops and the unary ops, each
// element's value and derivatives from core/kernels/arithmetic.hpp, the op
// chosen by its dispatch_binary / dispatch_unary (the types and the dispatch
// the CUDA kernels use too). Loops go parallel above
// kParallelMinElements.
#include "core/kernels/arithmetic.hpp"
#include "core/op_kernels.hpp"
#include "core/parallel.hpp"

namespace tunet {

namespace {

// ---- binary: out = a (op) b ----

// The output seen as rows (every axis but the last) of `cols` elements.
int64_t plan_cols(const BroadcastPlan& p) { return p.rank ? p.extent[p.rank - 1] : 1; }

// Offsets in a and b of the first element of output row `row`.
void row_offsets(const BroadcastPlan& p, int64_t row, int64_t& offset_a, int64_t& offset_b) {
  offset_a = 0;
  offset_b = 0;
  for (int axis = p.rank - 2; axis >= 0; --axis) {
    const int64_t i = row % p.extent[axis];
    row /= p.extent[axis];
    offset_a += i * p.stride_a[axis];
    offset_b += i * p.stride_b[axis];
  }
}

template <class Op>
void binary_loop(const BroadcastPlan& p, const float* a, const float* b, float* out) {
  const int64_t n = p.count;
  if (p.same) {
    TUNET_OMP_FOR_IF(n >= kParallelMinElements)
    for (int64_t i = 0; i < n; ++i) out[i] = Op::value(a[i], b[i]);
    return;
  }
  const int64_t cols = plan_cols(p), rows = cols == 0 ? 0 : n / cols;
  const int64_t sa = p.rank ? p.stride_a[p.rank - 1] : 0;
  const int64_t sb = p.rank ? p.stride_b[p.rank - 1] : 0;
  TUNET_OMP_FOR_IF(n >= kParallelMinElements)
  for (int64_t row = 0; row < rows; ++row) {
    int64_t oa, ob;
    row_offsets(p, row, oa, ob);
    float* o = out + row * cols;
    for (int64_t j = 0; j < cols; ++j) o[j] = Op::value(a[oa + j * sa], b[ob + j * sb]);
  }
}

// da += g dOp/da (a, b), db += g dOp/db (a, b); da or db may be null.
template <class Op>
void binary_backward_loop(const BroadcastPlan& p, const float* a, const float* b, const float* g, float* da,
                          float* db) {
  const int64_t n = p.count;
  if (p.same) {
    TUNET_OMP_FOR_IF(n >= kParallelMinElements)
    for (int64_t i = 0; i < n; ++i) {
      if (da) da[i] += g[i] * Op::da(a[i], b[i]);
      if (db) db[i] += g[i] * Op::db(a[i], b[i]);
    }
    return;
  }
  // Broadcast: several outputs feed one input element, so accumulate serially.
  const int64_t cols = plan_cols(p), rows = cols == 0 ? 0 : n / cols;
  const int64_t sa = p.rank ? p.stride_a[p.rank - 1] : 0;
  const int64_t sb = p.rank ? p.stride_b[p.rank - 1] : 0;
  for (int64_t row = 0; row < rows; ++row) {
    int64_t oa, ob;
    row_offsets(p, row, oa, ob);
    const float* gr = g + row * cols;
    for (int64_t j = 0; j < cols; ++j) {
      const float x = a[oa + j * sa], y = b[ob + j * sb];
      if (da) da[oa + j * sa] += gr[j] * Op::da(x, y);
      if (db) db[ob + j * sb] += gr[j] * Op::db(x, y);
    }
  }
}

float* data_or_null(const Tensor& t) { return t.defined() ? t.data_ptr() : nullptr; }

void binary_fwd(BinaryOp op, const BroadcastPlan& plan, const Tensor& a, const Tensor& b, Tensor& out) {
  kernels::dispatch_binary(op, [&](auto arithmetic) {
    binary_loop<decltype(arithmetic)>(plan, a.data_ptr(), b.data_ptr(), out.data_ptr());
  });
}

void binary_bwd(BinaryOp op, const BroadcastPlan& plan, const Tensor& a, const Tensor& b,
                     const Tensor& grad_out, Tensor& da, Tensor& db) {
  kernels::dispatch_binary(op, [&](auto arithmetic) {
    binary_backward_loop<decltype(arithmetic)>(plan, a.data_ptr(), b.data_ptr(), grad_out.data_ptr(),
                                               data_or_null(da), data_or_null(db));
  });
}

// ---- unary: y = f(x), dx += g f'(x, y) ----

void unary_fwd(UnaryOp op, float parameter, const Tensor& x, Tensor& y) {
  const int64_t n = x.numel();
  const float* xs = x.data_ptr();
  float* ys = y.data_ptr();
  kernels::dispatch_unary(op, [&](auto f) {
    using Op = decltype(f);
    TUNET_OMP_FOR_IF(n >= kParallelMinElements)
    for (int64_t i = 0; i < n; ++i) ys[i] = Op::value(xs[i], parameter);
  });
}

void unary_bwd(UnaryOp op, float parameter, const Tensor& x, const Tensor& y, const Tensor& grad_out,
                    Tensor& dx) {
  const int64_t n = x.numel();
  const float* xs = x.data_ptr();
  const float* ys = y.data_ptr();
  const float* g = grad_out.data_ptr();
  float* d = dx.data_ptr();
  kernels::dispatch_unary(op, [&](auto f) {
    using Op = decltype(f);
    TUNET_OMP_FOR_IF(n >= kParallelMinElements)
    for (int64_t i = 0; i < n; ++i) d[i] += g[i] * Op::derivative(xs[i], ys[i], parameter);  // dx += dy f'(x)
  });
}

}  // namespace

const ElementwiseKernels& ElementwiseKernels::cpu() {
  static const ElementwiseKernels table = {
      .binary = binary_fwd,
      .binary_backward = binary_bwd,
      .unary = unary_fwd,
      .unary_backward = unary_bwd,
  };
  return table;
}

}  // namespace tunet
