#pragma once
// Device: where a tensor's values live. The CPU, or the CUDA GPU number `index`.
//
//   Tensor x = Tensor::empty({2, 3}, Device::cuda());   // GPU 0
//   if (x.device() == Device::CPU) ...
//   std::cout << Device::cuda(1).str();                  // "cuda:1"
//
// Adding a kind of device: its value in DeviceKind and its row in
// kDeviceKindInfo; its backend registers itself (core/backend.hpp) and adds
// the kind's name to tunet_core's TUNET_BUILT_DEVICE_KINDS (cuda/CMakeLists.txt
// does), and parse_device, Device::str and build_info know it from the row.
#include <cstdint>
#include <string>

namespace tunet {

enum class DeviceKind : uint8_t { CPU, CUDA };

struct DeviceKindInfo {
  DeviceKind kind;
  const char* name;   // "cuda": Device::str() ("cuda:1") and parse_device
  const char* label;  // "CUDA": build_info_str() ("CUDA on (...)")
  const char* alias;  // one more name parse_device takes for device 0 ("gpu"); null: none
};

// One row per kind, in the enum's order; the CPU first.
inline constexpr DeviceKindInfo kDeviceKindInfo[] = {
    {DeviceKind::CPU, "cpu", "CPU", nullptr},
    {DeviceKind::CUDA, "cuda", "CUDA", "gpu"},
};
inline constexpr int kDeviceKinds = static_cast<int>(sizeof(kDeviceKindInfo) / sizeof(kDeviceKindInfo[0]));

constexpr bool device_rows_in_enum_order() {
  for (int i = 0; i < kDeviceKinds; ++i)
    if (static_cast<int>(kDeviceKindInfo[i].kind) != i) return false;
  return true;
}
static_assert(device_rows_in_enum_order(), "kDeviceKindInfo: one row per DeviceKind, in the enum's order");

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

// "cpu", "cuda", "gpu" (an alias), "cuda:1" -> Device; throws Error naming the
// text and the forms every kind takes otherwise.
Device parse_device(const std::string& text);

}  // namespace tunet
