// Batches and inference pieces (batching.hpp).
#include "nn/batching.hpp"

#include <algorithm>

#include "core/parallel.hpp"

namespace tunet::nn {

namespace {

constexpr int64_t kMinPieceRows = 64;
constexpr int64_t kMinPieces = 16;

// Copies samples order[begin, end) of `source` (a CPU tensor) to dst.
void gather(const Tensor& source, const std::vector<int64_t>& order, int64_t begin, int64_t end, float* dst) {
  gather_rows(source.data(), source.numel() / source.dim(0), order.data() + begin, end - begin, dst);
}

}  // namespace

Tensor rows(const Tensor& t, int64_t begin, int64_t end) {
  Shape shape = t.shape();
  const int64_t per_row = t.numel() / std::max<int64_t>(shape[0], 1);
  shape[0] = end - begin;
  return Tensor::view_of(t.storage(), t.offset() + static_cast<size_t>(begin * per_row), shape);
}

std::vector<Piece> batches(int64_t n, int64_t batch_size) {
  std::vector<Piece> pieces;
  for (int64_t begin = 0; begin < n; begin += batch_size) pieces.push_back({begin, std::min(n, begin + batch_size)});
  return pieces;
}

std::vector<Piece> inference_pieces(int64_t n, int64_t batch_size) {
  const int64_t batches = (n + batch_size - 1) / batch_size;
  const int64_t shares = std::clamp<int64_t>((kMinPieces + batches - 1) / batches, 1,
                                              std::max<int64_t>(1, std::min(n, batch_size) / kMinPieceRows));
  std::vector<Piece> pieces;
  for (int64_t begin = 0; begin < n; begin += batch_size) {
    const int64_t count = std::min(n, begin + batch_size) - begin;
    for (int64_t s = 0; s < shares; ++s)
      pieces.push_back({begin + count * s / shares, begin + count * (s + 1) / shares});
  }
  return pieces;
}

void BatchStage::load(const std::vector<int64_t>& order, int64_t begin, int64_t end) {
  const int64_t rows = end - begin;
  if (rows != rows_) allocate(rows);
  gather(x_, order, begin, end, host_.data());
  gather(y_, order, begin, end, host_.data() + x_count_);
  if (!device_.is_cpu()) on_device_.copy_from(host_);
}

void BatchStage::allocate(int64_t rows) {
  rows_ = rows;
  Shape xs = x_.shape(), ys = y_.shape();
  xs[0] = ys[0] = rows;
  x_count_ = shape_numel(xs);
  host_ = Tensor::empty({x_count_ + shape_numel(ys)});
  const Tensor& block = device_.is_cpu() ? host_ : (on_device_ = Tensor::empty(host_.shape(), device_));
  xb_ = Tensor::view_of(block.storage(), 0, xs);
  yb_ = Tensor::view_of(block.storage(), static_cast<size_t>(x_count_), ys);
}

}  // namespace tunet::nn
