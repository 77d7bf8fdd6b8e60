// plan_broadcast: the strides that walk two NumPy-broadcast inputs along their output.
#include <string>

#include "core/error.hpp"
#include "core/op_kernels.hpp"

namespace tunet {

namespace {

// Per output axis, the stride of `in` (0 where `in` is broadcast: the axis is
// missing or has extent 1). Trailing axes are aligned.
void broadcast_strides(const Shape& in, const Shape& out, int64_t* strides) {
  const size_t lead = out.size() - in.size();
  int64_t stride = 1;
  for (size_t i = in.size(); i-- > 0;) {
    strides[lead + i] = in[i] == 1 ? 0 : stride;
    stride *= in[i];
  }
}

}  // namespace

BroadcastPlan plan_broadcast(const Shape& a, const Shape& b, const Shape& out) {
  BroadcastPlan plan;
  plan.count = shape_numel(out);
  if (a == out && b == out) {  // one flat axis, whatever the rank
    plan.same = true;
    plan.rank = 1;
    plan.extent[0] = plan.count;
    plan.stride_a[0] = plan.stride_b[0] = 1;
    return plan;
  }
  check(out.size() <= static_cast<size_t>(kMaxRank) && a.size() <= out.size() && b.size() <= out.size(),
        "broadcast: shapes " + shape_str(a) + " and " + shape_str(b) + " to " + shape_str(out) +
            " (rank above " + std::to_string(kMaxRank) + " is not supported)");
  plan.rank = static_cast<int>(out.size());
  for (int i = 0; i < plan.rank; ++i) plan.extent[i] = out[i];
  broadcast_strides(a, out, plan.stride_a);
  broadcast_strides(b, out, plan.stride_b);
  return plan;
}

}  // namespace tunet
