// Elementwise ops: broadcasting binary ops and the unary ops of ops.hpp.
#include <array>

#include "core/autograd.hpp"
#include "core/elementwise.hpp"
#include "core/error.hpp"
#include "core/kernels/arithmetic.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"

namespace tunet {

namespace {

constexpr int kMaxRank = 8;

// How the flat output index maps to each input: per output axis, the input's
// stride (0 where the input is broadcast along that axis).
struct BroadcastPlan {
  int rank = 0;
  std::array<int64_t, kMaxRank> extent{};
  std::array<int64_t, kMaxRank> stride_a{};
  std::array<int64_t, kMaxRank> stride_b{};
  int64_t rows = 1;  // product of all extents but the last
  int64_t cols = 1;  // extent of the last axis
};

std::array<int64_t, kMaxRank> broadcast_strides(const Shape& in, const Shape& out) {
  std::array<int64_t, kMaxRank> strides{};
  const size_t lead = out.size() - in.size();
  int64_t stride = 1;
  for (size_t i = in.size(); i-- > 0;) {
    strides[lead + i] = in[i] == 1 ? 0 : stride;
    stride *= in[i];
  }
  return strides;
}

BroadcastPlan plan_broadcast(const Shape& a, const Shape& b, const Shape& out) {
  BroadcastPlan plan;
  check(out.size() <= kMaxRank, "broadcast: rank above " + std::to_string(kMaxRank) + " is not supported");
  plan.rank = static_cast<int>(out.size());
  for (int i = 0; i < plan.rank; ++i) plan.extent[i] = out[i];
  plan.stride_a = broadcast_strides(a, out);
  plan.stride_b = broadcast_strides(b, out);
  if (plan.rank > 0) plan.cols = out.back();
  plan.rows = plan.cols == 0 ? 0 : shape_numel(out) / plan.cols;
  return plan;
}

// Offsets of row `row` (all axes but the last) in a and b.
void row_offsets(const BroadcastPlan& plan, int64_t row, int64_t& offset_a, int64_t& offset_b) {
  offset_a = 0;
  offset_b = 0;
  for (int axis = plan.rank - 2; axis >= 0; --axis) {
    const int64_t i = row % plan.extent[axis];
    row /= plan.extent[axis];
    offset_a += i * plan.stride_a[axis];
    offset_b += i * plan.stride_b[axis];
  }
}

template <class Op>
Tensor binary(const Tensor& a, const Tensor& b, const char* op_name) {
  check(a.defined() && b.defined(), std::string(op_name) + ": undefined input tensor");
  check(a.device() == b.device(), std::string(op_name) + ": inputs on different devices");
  const Shape out_shape = a.shape() == b.shape() ? a.shape() : broadcast_shapes(a.shape(), b.shape(), op_name);
  Tensor out = Tensor::empty(out_shape);
  const float* av = a.data();
  const float* bv = b.data();
  float* ov = out.data();
  const int64_t n = out.numel();
  const bool same = a.shape() == b.shape();
  if (same) {
    TUNET_OMP_FOR_IF(n >= kParallelMinElements)
    for (int64_t i = 0; i < n; ++i) ov[i] = Op::value(av[i], bv[i]);
  } else {
    const BroadcastPlan plan = plan_broadcast(a.shape(), b.shape(), out_shape);
    const int64_t sa = plan.rank ? plan.stride_a[plan.rank - 1] : 0;
    const int64_t sb = plan.rank ? plan.stride_b[plan.rank - 1] : 0;
    TUNET_OMP_FOR_IF(n >= kParallelMinElements)
    for (int64_t row = 0; row < plan.rows; ++row) {
      int64_t oa, ob;
      row_offsets(plan, row, oa, ob);
      float* o = ov + row * plan.cols;
      for (int64_t j = 0; j < plan.cols; ++j) o[j] = Op::value(av[oa + j * sa], bv[ob + j * sb]);
    }
  }
  if (any_requires_grad({&a, &b})) {
    record(out, op_name, {a, b}, [a, b, same](const Tensor& result, const Tensor& grad_out) {
      float* da = grad_buffer(a);
      float* db = grad_buffer(b);
      const float* av = a.data();
      const float* bv = b.data();
      const float* g = grad_out.data();
      const int64_t n = result.numel();
      if (same) {  // d a_i += g_i * dOp/da (a_i, b_i), likewise for b
        TUNET_OMP_FOR_IF(n >= kParallelMinElements)
        for (int64_t i = 0; i < n; ++i) {
          if (da) da[i] += g[i] * Op::da(av[i], bv[i]);
          if (db) db[i] += g[i] * Op::db(av[i], bv[i]);
        }
        return;
      }
      // Broadcast: several outputs feed one input element, so accumulate serially.
      const BroadcastPlan plan = plan_broadcast(a.shape(), b.shape(), result.shape());
      const int64_t sa = plan.rank ? plan.stride_a[plan.rank - 1] : 0;
      const int64_t sb = plan.rank ? plan.stride_b[plan.rank - 1] : 0;
      for (int64_t row = 0; row < plan.rows; ++row) {
        int64_t oa, ob;
        row_offsets(plan, row, oa, ob);
        const float* gr = g + row * plan.cols;
        for (int64_t j = 0; j < plan.cols; ++j) {
          const float x = av[oa + j * sa], y = bv[ob + j * sb];
          if (da) da[oa + j * sa] += gr[j] * Op::da(x, y);
          if (db) db[ob + j * sb] += gr[j] * Op::db(x, y);
        }
      }
    });
  }
  return out;
}

}  // namespace

Tensor add(const Tensor& a, const Tensor& b) { return binary<kernels::AddOp>(a, b, "add"); }
Tensor sub(const Tensor& a, const Tensor& b) { return binary<kernels::SubOp>(a, b, "sub"); }
Tensor mul(const Tensor& a, const Tensor& b) { return binary<kernels::MulOp>(a, b, "mul"); }
Tensor div(const Tensor& a, const Tensor& b) { return binary<kernels::DivOp>(a, b, "div"); }

Tensor neg(const Tensor& a) {
  return map_unary(a, "neg", [](float x) { return -x; }, [](float, float) { return -1.0f; });
}
Tensor exp(const Tensor& a) { return map_unary(a, "exp", kernels::exp_value, kernels::exp_derivative); }
Tensor log(const Tensor& a) { return map_unary(a, "log", kernels::log_value, kernels::log_derivative); }
Tensor sqrt(const Tensor& a) { return map_unary(a, "sqrt", kernels::sqrt_value, kernels::sqrt_derivative); }
Tensor pow(const Tensor& a, float exponent) {
  return map_unary(
      a, "pow", [exponent](float x) { return kernels::pow_value(x, exponent); },
      [exponent](float x, float) { return kernels::pow_derivative(x, exponent); });
}

}  // namespace tunet
