#pragma once
// Device: where a tensor's values live. The CPU, or the CUDA GPU number `index`.
//
//   Tensor x = Tensor::empty({2, 3}, Device::cuda());   // GPU 0
//   if (x.device() == Device::CPU) ...
//   std::cout << Device::cuda(1).str();                  // "cuda:1"
#include <cstdint>
#include <string>

namespace tunet {

enum class DeviceKind : uint8_t { CPU, CUDA };
inline constexpr int kDeviceKinds = 2;

struct Device {
  DeviceKind kind = DeviceKind::CPU;
  int index = 0;  // which device of that kind (always 0 for the CPU)

  static constexpr Device cpu() { return {}; }
  static constexpr Device cuda(int index = 0) { return {DeviceKind::CUDA, index}; }
  static const Device CPU;   // Device::cpu()
  static const Device CUDA;  // Device::cuda(0)

  bool is_cpu() const { return kind == DeviceKind::CPU; }
  std::string str() const;  // "cpu", "cuda:0"
  friend constexpr bool operator==(const Device&, const Device&) = default;
};
inline constexpr Device Device::CPU = Device::cpu();
inline constexpr Device Device::CUDA = Device::cuda(0);

const char* device_kind_name(DeviceKind kind);  // "cpu", "cuda"
const char* device_name(Device device);         // the kind's name ("cuda" for every GPU)

// "cpu", "cuda", "cuda:1" -> Device; throws Error naming the text otherwise.
Device parse_device(const std::string& text);

}  // namespace tunet
