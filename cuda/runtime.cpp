// The CUDA runtime side of the backend: whether a GPU can be used, the current
// device of each thread, and one stream and one cuBLAS handle per device,
// created on first use and kept for the life of the process.
#include "cuda/runtime.cuh"

#include <cxxabi.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>

#include "core/error.hpp"
#include "cuda/allocator.hpp"
#include "cuda/cuda.hpp"

namespace tunet::cuda {
namespace {

struct Availability {
  int count = 0;
  std::string why;  // empty when usable
};

// Asked once: cudaGetDeviceCount fails (error 35 where no driver fits the
// runtime, error 100 where there is no GPU) or finds none.
const Availability& availability() {
  static const Availability found = [] {
    Availability a;
    const cudaError_t status = cudaGetDeviceCount(&a.count);
    if (status != cudaSuccess) {
      cudaGetLastError();  // clear it: later calls must not report this one
      a.count = 0;
      a.why = std::string("no usable CUDA device: ") + cudaGetErrorString(status) + " (error " +
              std::to_string(static_cast<int>(status)) + ")";
    } else if (a.count == 0) {
      a.why = "no usable CUDA device: the runtime found none";
    }
    return a;
  }();
  return found;
}

// What each device keeps: created lazily, never destroyed (tensors in static
// objects may outlive the CUDA runtime's own teardown).
struct DeviceState {
  std::once_flag stream_once, cublas_once, attributes_once;
  cudaStream_t stream = nullptr;
  cublasHandle_t cublas = nullptr;
  int multiprocessors = 1;
  int major = 0;
};

DeviceState& state(int index) {
  static DeviceState* const states = new DeviceState[std::max(1, availability().count)];
  return states[index];
}

thread_local int t_device = -1;  // this thread's current device; -1 before the first select
std::atomic<bool> g_tf32{false};

void require_usable(int index) {
  const Availability& a = availability();
  if (!a.why.empty()) throw Error("cuda:" + std::to_string(index) + " cannot be used: " + a.why);
  if (index < 0 || index >= a.count)
    throw Error("cuda:" + std::to_string(index) + " does not exist (" + std::to_string(a.count) +
                " CUDA device(s) found)");
}

// Selects `index` for the scope, then restores this thread's previous device.
class DeviceScope {
 public:
  explicit DeviceScope(int index) : previous_(t_device) { select_device(index); }
  ~DeviceScope() {
    if (previous_ >= 0 && previous_ != t_device) {
      cudaSetDevice(previous_);
      t_device = previous_;
    }
  }
  DeviceScope(const DeviceScope&) = delete;
  DeviceScope& operator=(const DeviceScope&) = delete;

 private:
  int previous_;
};

DeviceState& attributes(int index) {
  DeviceState& s = state(index);
  std::call_once(s.attributes_once, [&] {
    check_cuda(cudaDeviceGetAttribute(&s.multiprocessors, cudaDevAttrMultiProcessorCount, index),
               "cudaDeviceGetAttribute(multiprocessors)");
    check_cuda(cudaDeviceGetAttribute(&s.major, cudaDevAttrComputeCapabilityMajor, index),
               "cudaDeviceGetAttribute(compute capability)");
  });
  return s;
}

std::string demangle(const char* name) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> readable(abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
  return status == 0 && readable ? std::string(readable.get()) : std::string(name);
}

}  // namespace

void check_cuda(cudaError_t status, const char* call) {
  if (status == cudaSuccess) return;
  cudaGetLastError();  // a non-sticky error must not be reported again by the next check
  throw Error(std::string(call) + " failed: " + cudaGetErrorString(status) + " (" + cudaGetErrorName(status) +
              ", error " + std::to_string(static_cast<int>(status)) + ")");
}

void check_cuda(cudaError_t status, const std::string& call) { check_cuda(status, call.c_str()); }

void check_cublas(cublasStatus_t status, const char* call) {
  if (status == CUBLAS_STATUS_SUCCESS) return;
  throw Error(std::string(call) + " failed: " + cublasGetStatusString(status) + " (cuBLAS status " +
              std::to_string(static_cast<int>(status)) + ")");
}

void check_launch(const char* kernel, int64_t count) {
  const cudaError_t status = cudaGetLastError();
  if (status == cudaSuccess) return;
  throw Error("CUDA kernel " + demangle(kernel) + " over " + std::to_string(count) + " elements on cuda:" +
              std::to_string(t_device) + " failed: " + cudaGetErrorString(status) + " (" +
              cudaGetErrorName(status) + ", error " + std::to_string(static_cast<int>(status)) + ")");
}

bool available(std::string* why) {
  const Availability& a = availability();
  if (why) *why = a.why;
  return a.why.empty();
}

int device_count() { return availability().count; }

std::string device_summary(int index) {
  require_usable(index);
  cudaDeviceProp prop{};
  check_cuda(cudaGetDeviceProperties(&prop, index), "cudaGetDeviceProperties");
  char memory[32];
  std::snprintf(memory, sizeof memory, "%.1f GiB", prop.totalGlobalMem / (1024.0 * 1024.0 * 1024.0));
  return std::string(prop.name) + ", " + std::to_string(prop.multiProcessorCount) + " SMs, " + memory +
         ", compute " + std::to_string(prop.major) + "." + std::to_string(prop.minor);
}

void select_device(int index) {
  if (index == t_device) return;
  require_usable(index);
  check_cuda(cudaSetDevice(index), "cudaSetDevice(" + std::to_string(index) + ")");
  t_device = index;
}

int current_device() {
  if (t_device < 0) select_device(0);
  return t_device;
}

cudaStream_t device_stream(int index) {
  require_usable(index);
  DeviceState& s = state(index);
  std::call_once(s.stream_once, [&] {
    DeviceScope scope(index);
    // Non-blocking: no implicit synchronisation with the legacy default stream.
    check_cuda(cudaStreamCreateWithFlags(&s.stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
  });
  return s.stream;
}

cudaStream_t current_stream() { return device_stream(current_device()); }

cublasHandle_t cublas_handle() {
  const int index = current_device();
  DeviceState& s = state(index);
  std::call_once(s.cublas_once, [&] {
    cublasHandle_t handle = nullptr;
    check_cublas(cublasCreate(&handle), "cublasCreate");
    check_cublas(cublasSetStream(handle, device_stream(index)), "cublasSetStream");
    // Its workspace from the cache (after SetStream, which resets it): cuBLAS
    // then allocates nothing itself. Sizes as the cuBLAS guide recommends.
    const size_t workspace = attributes(index).major >= 9 ? (size_t(32) << 20) : (size_t(4) << 20);
    check_cublas(cublasSetWorkspace(handle, device_allocate(workspace, index), workspace), "cublasSetWorkspace");
    s.cublas = handle;
  });
  return s.cublas;
}

cublasComputeType_t gemm_compute_type() {
  return g_tf32.load(std::memory_order_relaxed) ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
}

void set_tf32(bool on) { g_tf32.store(on, std::memory_order_relaxed); }
bool tf32() { return g_tf32.load(std::memory_order_relaxed); }

int launch_blocks(int64_t count, int threads) {
  const int64_t wanted = (count + threads - 1) / threads;
  const int64_t cap = int64_t(16) * attributes(current_device()).multiprocessors;
  return static_cast<int>(std::max<int64_t>(1, std::min(wanted, cap)));
}

float* device_ptr(const Tensor& t) {
  if (t.device().kind != DeviceKind::CUDA)
    throw Error("cuda: tensor " + shape_str(t.shape()) + " is on " + t.device().str() + ", not a CUDA device");
  return t.data_ptr();
}

Tensor scratch(int64_t floats) { return Tensor::empty({floats}, Device::cuda(current_device())); }

}  // namespace tunet::cuda
