#pragma once
// A gradient summed over a batch by several threads, with the same bits on any
// number of threads (the three conv backward passes' dW and db): the work items
// (samples or chunks) are split into reduction_groups(items) groups, a number
// fixed by the item count; each group sums into a zeroed slice of its own, and
// the slices are then added into the result in group order.
//
//   GroupPartials dw_part(groups, dw_size);
//   TUNET_OMP(parallel for) for each group: float* acc = dw_part.zeroed(group); acc[i] += ...
//   dw_part.add_to(dw);                                            // dw[i] += slice_0[i], += slice_1[i], ...
//   dw_part.add_in_order([&](int64_t i, float v) { dw[at(i)] += v; });  // a layout of dw's own
#include <algorithm>
#include <cstdint>

#include "core/cpu/scratch.hpp"
#include "core/parallel.hpp"

namespace tunet::cpu {

class GroupPartials {
 public:
  // `groups` slices of `size` floats (size 0: nothing summed, nothing added).
  GroupPartials(int64_t groups, int64_t size) : groups_(groups), size_(size), parts_(groups * size) {}

  // The slice of `group`, zeroed: the accumulator of the thread that owns the group.
  float* zeroed(int64_t group) {
    float* slice = parts_.data() + group * size_;
    std::fill(slice, slice + size_, 0.0f);
    return slice;
  }

  // add(i, slice_g[i]) for every group g in order, i < size. Elements are split
  // between threads above kParallelMinElements; each element's additions stay
  // in group order, so `add` must write a different place for each i.
  template <class Add>
  void add_in_order(Add add) {
    constexpr int64_t kSlice = 4096;
    TUNET_OMP_FOR_IF(groups_ * size_ >= kParallelMinElements)
    for (int64_t begin = 0; begin < size_; begin += kSlice) {
      const int64_t end = std::min(kSlice + begin, size_);
      for (int64_t group = 0; group < groups_; ++group) {
        const float* part = parts_.data() + group * size_;
        for (int64_t i = begin; i < end; ++i) add(i, part[i]);
      }
    }
  }

  // out[i] += slice_0[i], then slice_1[i], ... (out laid out as the slices).
  void add_to(float* out) {
    add_in_order([out](int64_t i, float v) { out[i] += v; });
  }

 private:
  int64_t groups_, size_;
  Scratch parts_;
};

}  // namespace tunet::cpu
