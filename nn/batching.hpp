#pragma once
// How Sequential cuts a data set into batches: rows of a tensor as a view,
// the training batch assembled (x and y side by side in one host block, copied
// to the model's device in one upload), and the pieces inference runs, sized
// so that the threads take whole pieces and the results do not depend on the
// thread count.
#include <cstdint>
#include <vector>

#include "core/tensor.hpp"

namespace tunet::nn {

// Rows [begin, end) of a tensor whose first axis is the sample axis, as a view.
Tensor rows(const Tensor& t, int64_t begin, int64_t end);

// Rows [lo, hi) of a data set.
struct Piece {
  int64_t lo, hi;
};

// Rows [0, n) in batches of batch_size, one piece each (a device runs them in turn).
std::vector<Piece> batches(int64_t n, int64_t batch_size);

// Inference pieces of rows [0, n) in batches of batch_size: the batches when
// there are at least kMinPieces of them, otherwise every batch cut into shares
// (never below kMinPieceRows rows) to make about kMinPieces. Each piece runs
// the whole network on one thread with one-thread kernels (an OpenMP region
// inside another runs on one thread): one fork per call instead of several per
// layer. The pieces depend on the sizes only, never on the thread count, so
// predictions and scores are the same bits on any number of threads.
std::vector<Piece> inference_pieces(int64_t n, int64_t batch_size);

// Where a training batch is assembled: x and y side by side in one host block,
// and (for a model on a device) its copy there, so that a step uploads once.
// Reallocated only when the batch size changes (the last, shorter batch).
class BatchStage {
 public:
  BatchStage(const Tensor& x, const Tensor& y, Device device) : x_(x), y_(y), device_(device) {}

  // The batch of samples order[begin, end) on the model's device.
  void load(const std::vector<int64_t>& order, int64_t begin, int64_t end);
  const Tensor& x() const { return xb_; }
  const Tensor& y() const { return yb_; }

 private:
  void allocate(int64_t rows);

  Tensor x_, y_;
  Device device_;
  int64_t rows_ = -1, x_count_ = 0;
  Tensor host_, on_device_, xb_, yb_;
};

}  // namespace tunet::nn
