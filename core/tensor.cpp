#include "core/tensor.hpp"

#include <algorithm>
#include <cstring>
#include <new>

#include "core/autograd.hpp"
#include "core/error.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"

namespace tunet {
namespace {

// data[0 .. n) = value, split over the threads for large buffers (a gradient
// buffer of a first conv layer is megabytes: first-touch page faults included).
void fill_values(float* data, int64_t n, float value) {
  constexpr int64_t kBlock = int64_t(1) << 14;
  const int64_t blocks = (n + kBlock - 1) / kBlock;
  TUNET_OMP_FOR_IF(n >= 4 * kParallelMinElements)
  for (int64_t b = 0; b < blocks; ++b)
    std::fill(data + b * kBlock, data + std::min(n, (b + 1) * kBlock), value);
}

constexpr std::align_val_t kAlignment{64};
DeviceAllocator* g_allocators[2] = {nullptr, nullptr};

std::shared_ptr<TensorImpl> make_impl(Shape shape, Device device) {
  for (int64_t d : shape)
    check(d >= 0, "Tensor: negative extent in shape " + shape_str(shape));
  auto impl = std::make_shared<TensorImpl>();
  impl->numel = shape_numel(shape);
  impl->shape = std::move(shape);
  impl->storage = std::make_shared<Storage>(static_cast<size_t>(impl->numel), device);
  return impl;
}
}  // namespace

const char* device_name(Device device) { return device == Device::CPU ? "cpu" : "cuda"; }

void register_allocator(Device device, DeviceAllocator* allocator) {
  g_allocators[static_cast<int>(device)] = allocator;
}

Storage::Storage(size_t count, Device device) : size_(count), device_(device) {
  const size_t bytes = std::max<size_t>(count, 1) * sizeof(float);
  if (device == Device::CPU) {
    data_ = static_cast<float*>(::operator new(bytes, kAlignment));
  } else {
    DeviceAllocator* allocator = g_allocators[static_cast<int>(device)];
    check(allocator != nullptr, std::string("Storage: no backend is registered for device ") +
                                    device_name(device) + " (was tunet built with CUDA?)");
    data_ = static_cast<float*>(allocator->allocate(bytes));
  }
}

Storage::~Storage() {
  if (device_ == Device::CPU)
    ::operator delete(data_, kAlignment);
  else
    g_allocators[static_cast<int>(device_)]->deallocate(data_);
}

Tensor::Tensor(Shape shape, Device device) : impl_(make_impl(std::move(shape), device)) {
  check(device == Device::CPU, "Tensor: zero-filled construction on a device is done by its backend");
  fill_values(impl_->storage->data(), impl_->numel, 0.0f);
}

Tensor Tensor::empty(Shape shape, Device device) { return Tensor(make_impl(std::move(shape), device)); }
Tensor Tensor::zeros(Shape shape) { return Tensor(std::move(shape)); }
Tensor Tensor::ones(Shape shape) { return full(std::move(shape), 1.0f); }
Tensor Tensor::full(Shape shape, float value) {
  Tensor t = empty(std::move(shape));
  t.fill(value);
  return t;
}
Tensor Tensor::scalar(float value) { return full({}, value); }

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
  check(impl.storage->device() == Device::CPU,
        std::string("Tensor::data: tensor ") + shape_str(impl.shape) + " lives on " +
            device_name(impl.storage->device()) + ", not the CPU");
  return impl.storage->data() + impl.offset;
}
const float* Tensor::data() const { return const_cast<Tensor*>(this)->data(); }
std::span<float> Tensor::values() { return {data(), static_cast<size_t>(numel())}; }
std::span<const float> Tensor::values() const { return {data(), static_cast<size_t>(numel())}; }

float Tensor::item() const {
  check(numel() == 1, "Tensor::item: tensor of shape " + shape_str(shape()) + " is not a single value");
  return data()[0];
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

std::vector<float> Tensor::to_vector() const { return {data(), data() + numel()}; }

Tensor Tensor::clone() const {
  Tensor copy = empty(shape(), device());
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

void Tensor::fill(float value) { fill_values(data(), numel(), value); }

void Tensor::copy_from(const Tensor& source) {
  check(source.numel() == numel(), "Tensor::copy_from: source " + shape_str(source.shape()) +
                                       " and destination " + shape_str(shape()) + " differ in size");
  if (data() != source.data()) std::memcpy(data(), source.data(), sizeof(float) * numel());
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
