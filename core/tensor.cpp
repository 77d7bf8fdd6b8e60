#include "core/tensor.hpp"

#include <algorithm>
#include <cstring>
#include <new>

#include "core/autograd.hpp"
#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"

namespace tunet {
namespace {

std::shared_ptr<TensorImpl> make_impl(Shape shape, Device device) {
  for (int64_t d : shape)
    if (d < 0) throw Error("Tensor: negative extent in shape " + shape_str(shape));
  auto impl = std::make_shared<TensorImpl>();
  impl->numel = shape_numel(shape);
  impl->shape = std::move(shape);
  impl->storage = std::make_shared<Storage>(static_cast<size_t>(impl->numel), device);
  return impl;
}
}  // namespace

Storage::Storage(size_t count, Device device) : size_(count), device_(device) {
  const size_t bytes = std::max<size_t>(count, 1) * sizeof(float);
  data_ = static_cast<float*>(backend(device).allocate(bytes, device.index));
}

Storage::~Storage() {
  backend(device_).deallocate(data_, std::max<size_t>(size_, 1) * sizeof(float), device_.index);
}

Tensor::Tensor(Shape shape, Device device) : impl_(make_impl(std::move(shape), device)) { fill(0.0f); }

Tensor Tensor::empty(Shape shape, Device device) { return Tensor(make_impl(std::move(shape), device)); }
Tensor Tensor::zeros(Shape shape, Device device) { return Tensor(std::move(shape), device); }
Tensor Tensor::ones(Shape shape, Device device) { return full(std::move(shape), 1.0f, device); }
Tensor Tensor::full(Shape shape, float value, Device device) {
  Tensor t = empty(std::move(shape), device);
  t.fill(value);
  return t;
}
Tensor Tensor::scalar(float value, Device device) { return full({}, value, device); }

Tensor Tensor::from(Shape shape, std::initializer_list<float> values) {
  return from(std::move(shape), std::span<const float>(values.begin(), values.size()));
}

Tensor Tensor::from(Shape shape, std::span<const float> values) {
  Tensor t = empty(std::move(shape));
  check(static_cast<int64_t>(values.size()) == t.numel(),
        "Tensor::from: shape " + shape_str(t.shape()) + " holds " + std::to_string(t.numel()) +
            " values but " + std::to_string(values.size()) + " were given");
  std::copy(values.begin(), values.end(), t.data());
  return t;
}

Tensor Tensor::view_of(std::shared_ptr<Storage> storage, size_t offset, Shape shape) {
  auto impl = std::make_shared<TensorImpl>();
  impl->numel = shape_numel(shape);
  check(storage && offset + impl->numel <= storage->size(),
        "Tensor::view_of: view of " + std::to_string(impl->numel) + " values at offset " +
            std::to_string(offset) + " exceeds the storage");
  impl->storage = std::move(storage);
  impl->offset = offset;
  impl->shape = std::move(shape);
  return Tensor(std::move(impl));
}

static const TensorImpl& require(const std::shared_ptr<TensorImpl>& impl) {
  check(impl != nullptr, "Tensor: use of an undefined tensor");
  return *impl;
}

const Shape& Tensor::shape() const { return require(impl_).shape; }
int Tensor::rank() const { return static_cast<int>(shape().size()); }
int64_t Tensor::dim(int axis) const { return shape()[normalize_axis(axis, rank(), "Tensor::dim")]; }
int64_t Tensor::numel() const { return require(impl_).numel; }
Device Tensor::device() const { return require(impl_).storage->device(); }
const std::shared_ptr<Storage>& Tensor::storage() const { return require(impl_).storage; }
size_t Tensor::offset() const { return require(impl_).offset; }

float* Tensor::data() {
  const TensorImpl& impl = require(impl_);
  if (!impl.storage->device().is_cpu())
    throw Error("Tensor::data: tensor " + shape_str(impl.shape) + " lives on " +
                impl.storage->device().str() + ", not the CPU (use to(Device::CPU) first)");
  return impl.storage->data() + impl.offset;
}
const float* Tensor::data() const { return const_cast<Tensor*>(this)->data(); }
float* Tensor::data_ptr() const {
  const TensorImpl& impl = require(impl_);
  return impl.storage->data() + impl.offset;
}
std::span<float> Tensor::values() { return {data(), static_cast<size_t>(numel())}; }
std::span<const float> Tensor::values() const { return {data(), static_cast<size_t>(numel())}; }

float Tensor::item() const {
  check(numel() == 1, "Tensor::item: tensor of shape " + shape_str(shape()) + " is not a single value");
  return device().is_cpu() ? data()[0] : to(Device::CPU).data()[0];
}

static int64_t flat_index(const Shape& shape, std::initializer_list<int64_t> index) {
  check(index.size() == shape.size(), "Tensor::at: " + std::to_string(index.size()) +
                                          " indices for a tensor of shape " + shape_str(shape));
  int64_t flat = 0;
  size_t axis = 0;
  for (int64_t i : index) {
    check(i >= 0 && i < shape[axis], "Tensor::at: index " + std::to_string(i) + " is out of range for axis " +
                                         std::to_string(axis) + " of shape " + shape_str(shape));
    flat = flat * shape[axis] + i;
    ++axis;
  }
  return flat;
}
float& Tensor::at(std::initializer_list<int64_t> index) { return data()[flat_index(shape(), index)]; }
float Tensor::at(std::initializer_list<int64_t> index) const { return data()[flat_index(shape(), index)]; }

std::vector<float> Tensor::to_vector() const {
  if (!device().is_cpu()) return to(Device::CPU).to_vector();
  return {data(), data() + numel()};
}

Tensor Tensor::clone() const {
  Tensor copy = empty(shape(), device());
  copy.copy_from(*this);
  return copy;
}

Tensor Tensor::to(Device target) const {
  if (device() == target) return *this;
  Tensor copy = empty(shape(), target);
  copy.copy_from(*this);
  return copy;
}

Tensor Tensor::detach() const {
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = storage();
  impl->offset = impl_->offset;
  impl->shape = impl_->shape;
  impl->numel = impl_->numel;
  return Tensor(std::move(impl));
}

Tensor Tensor::reshape(Shape new_shape) const { return tunet::reshape(*this, std::move(new_shape)); }

void Tensor::fill(float value) {
  const Device d = device();
  backend(d).fill(data_ptr(), numel(), value, d.index);
}

void Tensor::copy_from(const Tensor& source) {
  check(source.numel() == numel(), "Tensor::copy_from: source " + shape_str(source.shape()) +
                                       " and destination " + shape_str(shape()) + " differ in size");
  const Device from = source.device(), to = device();
  const size_t bytes = sizeof(float) * static_cast<size_t>(numel());
  if (data_ptr() == source.data_ptr() && from == to) return;
  if (from.is_cpu() && to.is_cpu()) {
    std::memcpy(data_ptr(), source.data_ptr(), bytes);
  } else if (from.is_cpu()) {
    backend(to).copy(data_ptr(), source.data_ptr(), bytes, CopyKind::HostToDevice, to.index);
  } else if (to.is_cpu()) {
    backend(from).copy(data_ptr(), source.data_ptr(), bytes, CopyKind::DeviceToHost, from.index);
  } else {
    check(from == to, "Tensor::copy_from: from " + from.str() + " to " + to.str() +
                          " directly is not supported; copy through the CPU");
    backend(to).copy(data_ptr(), source.data_ptr(), bytes, CopyKind::DeviceToDevice, to.index);
  }
}

bool Tensor::same_storage(const Tensor& other) const { return storage() == other.storage(); }

bool Tensor::requires_grad() const { return require(impl_).requires_grad; }
Tensor& Tensor::requires_grad_(bool on) {
  check(is_leaf() || on, "Tensor::requires_grad_: only leaf tensors can stop requiring grad");
  impl_->requires_grad = on;
  return *this;
}
bool Tensor::is_leaf() const { return require(impl_).node == nullptr; }
const Tensor& Tensor::grad() const { return require(impl_).grad; }

void Tensor::set_grad(Tensor buffer) {
  check(buffer.shape() == shape(), "Tensor::set_grad: gradient buffer " + shape_str(buffer.shape()) +
                                       " does not match the tensor " + shape_str(shape()));
  impl_->grad = std::move(buffer);
}

void Tensor::zero_grad() {
  if (require(impl_).grad.defined()) impl_->grad.fill(0.0f);
}

}  // namespace tunet
