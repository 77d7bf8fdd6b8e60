// The backend table: family names, the device checks of the ops, dispatch.
// The ops also run on a fake GPU (tests/fake_device.hpp: host memory
// registered as CUDA, with the CPU tables) and must give the CPU's values and
// gradients bit for bit; data() must refuse its memory.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/op_kernels.hpp"
#include "core/ops.hpp"
#include "fake_device.hpp"
#include "gradcheck.hpp"

using namespace tunet;
using testing::uniform;

namespace {

const Device kGpu = Device::cuda();

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// f on CPU copies and on fake-GPU copies of `inputs`: equal outputs, and equal
// gradients of sum(f(inputs) * w) (w fixed random weights) on the GPU side.
void check_same_on_gpu(const testing::TensorFunction& f, const std::vector<Tensor>& inputs) {
  testing::use_fake_gpu();
  std::vector<Tensor> cpu, gpu;
  for (const Tensor& x : inputs) {
    cpu.push_back(x.clone().requires_grad_());
    gpu.push_back(x.to(kGpu).requires_grad_());
  }
  Tensor out_cpu = f(cpu), out_gpu = f(gpu);
  REQUIRE(out_gpu.device() == kGpu);
  CHECK(out_gpu.shape() == out_cpu.shape());
  CHECK(out_gpu.to_vector() == out_cpu.to_vector());
  const Tensor w = uniform(out_cpu.shape(), -1.0f, 1.0f, 11);
  sum(out_cpu * w).backward();
  sum(out_gpu * w.to(kGpu)).backward();
  for (size_t i = 0; i < inputs.size(); ++i) {
    CAPTURE(i);
    REQUIRE(gpu[i].grad().defined());
    CHECK(gpu[i].grad().device() == kGpu);
    CHECK(gpu[i].grad().to_vector() == cpu[i].grad().to_vector());
  }
}

}  // namespace

TEST_CASE("every family is supported on the CPU and found by name") {
  const std::vector<std::string> names = op_names();
  for (const char* family : {"matmul", "elementwise", "reduce", "shape"})
    CHECK(std::find(names.begin(), names.end(), family) != names.end());
  for (const std::string& name : names) {
    CAPTURE(name);
    CHECK(supports(name, Device::CPU));
  }
  CHECK_FALSE(supports("no_such_op", Device::CPU));

  testing::use_fake_gpu();
  CHECK(supports("matmul", kGpu));
  {
    testing::WithoutTable<MatmulKernels> without;
    CHECK_FALSE(supports("matmul", kGpu));
    CHECK_FALSE(supports<MatmulKernels>(kGpu));
    CHECK(supports("reduce", kGpu));
  }
  CHECK(supports("matmul", kGpu));
}

TEST_CASE("an op on two devices names the op and both devices") {
  testing::use_fake_gpu();
  const Tensor a = Tensor::ones({2, 2});
  const Tensor b = a.to(kGpu);
  for (const auto& [op, message] : std::vector<std::pair<std::string, std::string>>{
           {"add", error_of([&] { add(a, b); })},
           {"matmul", error_of([&] { matmul(b, a); })},
           {"concat", error_of([&] { concat({a, b}, 0); })},
           {"mul", error_of([&] { mul(b, a.to(Device::cuda(1))); })}}) {
    const std::string& text = message;  // (clang 14 lambdas cannot capture bindings)
    CAPTURE(text);
    CHECK(contains(message, op + ": inputs on different devices"));
    CHECK(contains(message, "cuda:0"));
    CHECK((contains(message, "cpu") || contains(message, "cuda:1")));
  }
  CHECK(contains(error_of([&] { a * 2.0f + b; }), "cpu, cuda:0"));
}

TEST_CASE("an op whose family the device's backend lacks names the family and the device") {
  testing::use_fake_gpu();
  const Tensor x = Tensor::ones({2, 3}).to(kGpu);
  {
    testing::WithoutTable<ReduceKernels> without;
    const std::string message = error_of([&] { sum(x); });
    CAPTURE(message);
    CHECK(contains(message, "reduce: not supported on cuda:0"));
  }
  {
    testing::WithoutTable<MatmulKernels> without;
    const std::string message = error_of([&] { matmul(x, transpose(x)); });
    CAPTURE(message);
    CHECK(contains(message, "matmul: not supported on cuda:0"));
  }
  CHECK(sum(x).item() == 6.0f);  // the tables are back
}

TEST_CASE("the op calls its family's table on the tensors' device") {
  testing::use_fake_gpu();
  static int gemm_calls = 0;
  static const MatmulKernels counting = {.gemm = [](const GemmArgs& args, Device device) {
    ++gemm_calls;
    MatmulKernels::cpu().gemm(args, device);
  }};
  testing::WithoutTable<MatmulKernels> restore_after;
  register_kernels(DeviceKind::CUDA, counting);
  Tensor a = Tensor::ones({2, 3}).to(kGpu).requires_grad_(), b = Tensor::ones({3, 4}).to(kGpu);
  Tensor c = matmul(a, b);
  CHECK(gemm_calls == 1);
  sum(c).backward();  // dA only: b does not require grad
  CHECK(gemm_calls == 2);
  CHECK(matmul(Tensor::ones({2, 3}), Tensor::ones({3, 4})).to_vector() == c.to_vector());  // CPU: not counted
  CHECK(gemm_calls == 2);
}

TEST_CASE("device tensors: to, item, to_vector, fill and copies round trip; data() refuses") {
  testing::use_fake_gpu();
  const Tensor c = Tensor::from({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor g = c.to(kGpu);
  CHECK(g.device() == kGpu);
  CHECK_FALSE(g.same_storage(c));
  CHECK(g.to(kGpu).same_storage(g));  // already there: no copy
  CHECK(g.to_vector() == c.to_vector());
  CHECK(g.to(Device::CPU).to_vector() == c.to_vector());
  CHECK(g.clone().device() == kGpu);
  CHECK(contains(error_of([&] { g.data(); }), "lives on cuda:0"));
  CHECK(contains(error_of([&] { g.values(); }), "lives on cuda:0"));
  CHECK(sum(g).item() == 21.0f);
  CHECK(Tensor::scalar(4.0f, kGpu).item() == 4.0f);
  Tensor z = Tensor::zeros({3}, kGpu);
  CHECK(z.to_vector() == std::vector<float>{0, 0, 0});
  z.fill(2.5f);
  CHECK(z.to_vector() == std::vector<float>{2.5f, 2.5f, 2.5f});
  Tensor host = Tensor::empty({6});
  host.copy_from(g);
  CHECK(host.to_vector() == c.to_vector());
  g.copy_from(Tensor::full({6}, 7.0f));
  CHECK(g.to_vector() == std::vector<float>(6, 7.0f));
}

TEST_CASE("autograd on a device: gradients and the seed live on the input's device") {
  testing::use_fake_gpu();
  CHECK_FALSE(grad_tensor(Tensor::ones({2})).defined());  // does not require grad
  Tensor w = Tensor::ones({3}).to(kGpu).requires_grad_();
  const Tensor gw = grad_tensor(w);
  CHECK(gw.device() == kGpu);
  CHECK(gw.to_vector() == std::vector<float>{0, 0, 0});
  CHECK(grad_tensor(w).same_storage(gw));  // allocated once
  CHECK_THROWS_AS(grad_tensor(w).data(), Error);  // device memory has no CPU view
  sum(w * 2.0f + 1.0f).backward();          // the float operands become scalars on w's device
  CHECK(w.grad().device() == kGpu);
  CHECK(w.grad().to_vector() == std::vector<float>{2, 2, 2});
  mean(w).backward();
  CHECK(w.grad().to_vector() == std::vector<float>{2 + 1 / 3.0f, 2 + 1 / 3.0f, 2 + 1 / 3.0f});
  Tensor loss = Tensor::scalar(3.0f, kGpu).requires_grad_();  // a leaf loss: d loss / d loss adds up
  loss.backward();
  loss.backward();
  CHECK(loss.grad().item() == 2.0f);
}

TEST_CASE("matmul on the fake GPU equals the CPU") {
  check_same_on_gpu([](const auto& v) { return matmul(v[0], v[1]); },
                    {uniform({3, 4}, -1, 1, 1), uniform({4, 2}, -1, 1, 2)});
  check_same_on_gpu([](const auto& v) { return matmul(v[0], v[1]); },
                    {uniform({2, 3, 4}, -1, 1, 3), uniform({2, 4, 5}, -1, 1, 4)});
  check_same_on_gpu([](const auto& v) { return matmul(v[0], v[1]); },
                    {uniform({2, 3, 4}, -1, 1, 5), uniform({4, 5}, -1, 1, 6)});
}

TEST_CASE("elementwise ops on the fake GPU equal the CPU, broadcasting included") {
  const std::vector<std::pair<Shape, Shape>> cases = {
      {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{2, 1, 3}, {4, 1}}, {{}, {2, 3}}, {{2, 3}, {1, 1}}};
  for (const auto& shapes : cases) {
    const Shape& sa = shapes.first;  // (named, not bound: clang 14 lambdas cannot capture bindings)
    const Shape& sb = shapes.second;
    CAPTURE(shape_str(sa));
    CAPTURE(shape_str(sb));
    const Tensor a = uniform(sa, -1, 1, 7), b = uniform(sb, 0.5f, 2, 8);
    check_same_on_gpu([](const auto& x) { return x[0] + x[1]; }, {a, b});
    check_same_on_gpu([](const auto& x) { return x[0] - x[1]; }, {a, b});
    check_same_on_gpu([](const auto& x) { return x[0] * x[1]; }, {a, b});
    check_same_on_gpu([](const auto& x) { return x[0] / x[1]; }, {a, b});
  }
  const Tensor x = uniform({3, 5}, -1, 1, 9), positive = uniform({3, 5}, 0.5f, 2, 10);
  check_same_on_gpu([](const auto& v) { return neg(v[0]); }, {x});
  check_same_on_gpu([](const auto& v) { return exp(v[0]); }, {x});
  check_same_on_gpu([](const auto& v) { return log(v[0]); }, {positive});
  check_same_on_gpu([](const auto& v) { return sqrt(v[0]); }, {positive});
  check_same_on_gpu([](const auto& v) { return pow(v[0], 3.0f); }, {x});
  check_same_on_gpu([](const auto& v) { return v[0] * v[0] + v[0]; }, {x});  // one input, two paths
}

TEST_CASE("reductions on the fake GPU equal the CPU") {
  const Tensor x = uniform({2, 3, 4}, -1, 1, 12);
  for (bool keep : {false, true})
    for (std::vector<int> axes : std::vector<std::vector<int>>{{}, {0}, {1}, {-1}, {0, 2}}) {
      check_same_on_gpu([&](const auto& v) { return sum(v[0], axes, keep); }, {x});
      check_same_on_gpu([&](const auto& v) { return mean(v[0], axes, keep); }, {x});
      check_same_on_gpu([&](const auto& v) { return max(v[0], axes, keep); }, {x});
    }
  check_same_on_gpu([](const auto& v) { return sum(v[0]); }, {Tensor::scalar(4.0f)});
}

TEST_CASE("sum_squares: the closed form, on the CPU and the fake GPU") {
  testing::use_fake_gpu();
  const Tensor x = Tensor::from({4}, {1, -2, 3, 0.5f});  // 1 + 4 + 9 + 0.25
  for (Device device : {Device::CPU, kGpu}) {
    CAPTURE(device.str());
    Tensor out = Tensor::empty({}, device);
    kernel_table<ReduceKernels>(device).sum_squares(x.to(device), out);
    CHECK(out.item() == 14.25f);
  }
}

TEST_CASE("shape ops on the fake GPU equal the CPU") {
  const Tensor x = uniform({2, 3, 4}, -1, 1, 13);
  check_same_on_gpu([](const auto& v) { return reshape(v[0], {4, -1}); }, {x});
  check_same_on_gpu([](const auto& v) { return flatten(v[0]); }, {x});
  check_same_on_gpu([](const auto& v) { return transpose(v[0]); }, {x});
  check_same_on_gpu([](const auto& v) { return transpose(v[0], 0, 2); }, {x});
  check_same_on_gpu([](const auto& v) { return slice(v[0], 1, 1, 3); }, {x});
  check_same_on_gpu([](const auto& v) { return concat({v[0], v[1], v[0]}, -1); }, {x, uniform({2, 3, 1}, -1, 1, 14)});
  check_same_on_gpu([](const auto& v) { return reduce_to_shape(v[0], {3, 1}); }, {x});
}
