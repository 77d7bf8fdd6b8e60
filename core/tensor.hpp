#pragma once
// Tensor: float32, contiguous row-major, 64-byte aligned, on a device (CPU now;
// CUDA when that backend is built). Copies share storage (like a handle);
// clone() is the explicit deep copy, reshape() a view without copying.
//
//   Tensor x = Tensor::zeros({2, 3});
//   Tensor w = Tensor::from({3, 1}, {1, 2, 3}).requires_grad_();
//   Tensor loss = tunet::sum(tunet::matmul(x, w));
//   loss.backward();          // w.grad() now holds d loss / d w
//
// Autograd: a tensor computed from tensors that require grad records a node
// (see autograd.hpp); backward() on a scalar fills grad() of the leaves.
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <span>
#include <vector>

#include "core/device.hpp"
#include "core/shape.hpp"

namespace tunet {

// A block of memory on one device; tensors are views into one (offset + shape).
// Allocated through the device's backend (core/backend.hpp).
class Storage {
 public:
  Storage(size_t count, Device device = Device::CPU);  // uninitialised, 64-byte aligned on the CPU
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  float* data() const { return data_; }  // an address on device(), not necessarily the host's
  size_t size() const { return size_; }
  Device device() const { return device_; }

 private:
  float* data_ = nullptr;
  size_t size_ = 0;
  Device device_;
};

struct TensorImpl;

class Tensor {
 public:
  Tensor() = default;  // undefined: holds nothing (defined() == false)
  explicit Tensor(Shape shape, Device device = Device::CPU);  // zero-filled

  static Tensor empty(Shape shape, Device device = Device::CPU);  // uninitialised
  static Tensor zeros(Shape shape, Device device = Device::CPU);
  static Tensor ones(Shape shape, Device device = Device::CPU);
  static Tensor full(Shape shape, float value, Device device = Device::CPU);
  static Tensor scalar(float value, Device device = Device::CPU);
  static Tensor from(Shape shape, std::initializer_list<float> values);
  static Tensor from(Shape shape, std::span<const float> values);
  // A view of `count` floats of `storage` from `offset` (parameter blocks, arenas).
  static Tensor view_of(std::shared_ptr<Storage> storage, size_t offset, Shape shape);

  bool defined() const { return impl_ != nullptr; }
  const Shape& shape() const;
  int rank() const;
  int64_t dim(int axis) const;  // negative axes count from the end
  int64_t numel() const;
  Device device() const;

  float* data();  // CPU only: throws Error for a device tensor
  const float* data() const;
  // The first value's address on the tensor's own device (a GPU pointer for a
  // GPU tensor): what backends hand to their kernels.
  float* data_ptr() const;
  std::span<float> values();
  std::span<const float> values() const;
  float item() const;  // the single element; throws unless numel() == 1
  float& at(std::initializer_list<int64_t> index);  // bounds-checked
  float at(std::initializer_list<int64_t> index) const;
  std::vector<float> to_vector() const;
  const std::shared_ptr<Storage>& storage() const;
  size_t offset() const;

  Tensor clone() const;               // deep copy on the same device, no graph, requires_grad false
  Tensor to(Device device) const;     // a copy on `device` (this tensor itself when already there), no graph
  Tensor detach() const;              // same storage, no graph
  Tensor reshape(Shape shape) const;  // view; one extent may be -1; recorded by autograd
  void fill(float value);                // on any device
  void copy_from(const Tensor& source);  // same numel, any devices; no graph
  bool same_storage(const Tensor& other) const;

  // ---- autograd ----
  bool requires_grad() const;
  Tensor& requires_grad_(bool on = true);
  bool is_leaf() const;
  const Tensor& grad() const;      // undefined until a backward pass reaches it
  void set_grad(Tensor buffer);    // where gradients accumulate (e.g. a view of a grad block)
  void zero_grad();                // fills grad with 0 (keeps the buffer)
  void backward() const;           // this must be a scalar; seeds d this / d this = 1

  TensorImpl* impl() const { return impl_.get(); }
  const std::shared_ptr<TensorImpl>& impl_ptr() const { return impl_; }
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<TensorImpl> impl_;
};

// The state behind a Tensor handle; autograd.cpp and backends read it.
struct Node;
struct TensorImpl {
  std::shared_ptr<Storage> storage;
  size_t offset = 0;
  Shape shape;
  int64_t numel = 0;
  bool requires_grad = false;
  Tensor grad;                 // accumulated gradient (same shape)
  std::shared_ptr<Node> node;  // how this tensor was computed; null for leaves
  uint64_t visit_mark = 0;     // backward()'s traversal stamp
};

}  // namespace tunet
