#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "core/build_info.hpp"
#include "core/error.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"
#include "core/tensor.hpp"

using namespace tunet;

TEST_CASE("a tensor is 64-byte aligned, zero-filled and row-major") {
  Tensor t({2, 3});
  CHECK(reinterpret_cast<uintptr_t>(t.data()) % 64 == 0);
  CHECK(t.numel() == 6);
  CHECK(t.rank() == 2);
  CHECK(t.dim(-1) == 3);
  for (float v : t.values()) CHECK(v == 0.0f);
  t.at({1, 2}) = 5.0f;
  CHECK(t.data()[5] == 5.0f);
}

TEST_CASE("ranks 0 to 4") {
  CHECK(Tensor::scalar(3.0f).rank() == 0);
  CHECK(Tensor::scalar(3.0f).item() == 3.0f);
  Tensor t = Tensor::ones({2, 3, 4, 5});
  CHECK(t.rank() == 4);
  CHECK(t.numel() == 120);
}

TEST_CASE("reshape is a view, clone a copy") {
  Tensor t = Tensor::from({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor v = t.reshape({3, -1});
  CHECK(v.shape() == Shape{3, 2});
  CHECK(v.same_storage(t));
  v.at({0, 1}) = 20.0f;
  CHECK(t.at({0, 1}) == 20.0f);
  Tensor c = t.clone();
  CHECK_FALSE(c.same_storage(t));
  c.fill(0.0f);
  CHECK(t.at({0, 1}) == 20.0f);
}

TEST_CASE("errors carry the shapes") {
  Tensor a = Tensor::zeros({2, 3});
  CHECK_THROWS_WITH_AS(a.reshape({4, 2}), doctest::Contains("(2, 3)"), Error);
  CHECK_THROWS_WITH_AS(a.at({2, 0}), doctest::Contains("out of range"), Error);
  CHECK_THROWS_WITH_AS(a.item(), doctest::Contains("not a single value"), Error);
  CHECK_THROWS_WITH_AS(matmul(a, Tensor::zeros({2, 3})), doctest::Contains("(2, 3) and (2, 3)"), Error);
  CHECK_THROWS_WITH_AS(add(a, Tensor::zeros({4})), doctest::Contains("cannot be broadcast"), Error);
  CHECK_THROWS_WITH_AS(Tensor::from({2}, {1, 2, 3}), doctest::Contains("holds 2 values"), Error);
  CHECK_THROWS_AS(Tensor().shape(), Error);
}

TEST_CASE("a device tensor without a registered backend is a clear error") {
  CHECK_THROWS_WITH_AS(Tensor::empty({2}, Device::CUDA), doctest::Contains("no backend"), Error);
}

TEST_CASE("views into one storage (parameter blocks)") {
  auto block = std::make_shared<Storage>(10, Device::CPU);
  Tensor w = Tensor::view_of(block, 0, {2, 3});
  Tensor b = Tensor::view_of(block, 6, {4});
  w.fill(1.0f);
  b.fill(2.0f);
  CHECK(block->data()[5] == 1.0f);
  CHECK(block->data()[6] == 2.0f);
  CHECK_THROWS_AS(Tensor::view_of(block, 8, {3}), Error);
}

TEST_CASE("build info names the thread count and the CPU micro-kernel the target ISA chose") {
  CHECK(build_info_str().find("thread") != std::string::npos);
  CHECK(build_info().threads >= 1);
  CHECK(!build_info().cpu_kernel.empty());
  CHECK(build_info_str().find("CPU kernel " + build_info().cpu_kernel) != std::string::npos);
}

TEST_CASE("gather_rows copies the named rows in order, small and above the parallel threshold") {
  for (const int64_t row_size : {int64_t(3), int64_t(784)}) {
    const int64_t source_rows = 200, count = 150;  // 150 x 784 floats crosses kParallelMinElements
    std::vector<float> source(static_cast<size_t>(source_rows * row_size));
    for (size_t i = 0; i < source.size(); ++i) source[i] = static_cast<float>(i);
    std::vector<int64_t> rows(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) rows[static_cast<size_t>(i)] = (i * 37 + 11) % source_rows;
    std::vector<float> dst(static_cast<size_t>(count * row_size), -1.0f);
    gather_rows(source.data(), row_size, rows.data(), count, dst.data());
    bool equal = true;
    for (int64_t i = 0; i < count; ++i)
      for (int64_t j = 0; j < row_size; ++j)
        equal = equal && dst[static_cast<size_t>(i * row_size + j)] ==
                             static_cast<float>(rows[static_cast<size_t>(i)] * row_size + j);
    CHECK(equal);
  }
}
