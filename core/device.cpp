#include "core/device.hpp"

#include "core/error.hpp"

namespace tunet {

const char* device_kind_name(DeviceKind kind) { return kind == DeviceKind::CPU ? "cpu" : "cuda"; }
const char* device_name(Device device) { return device_kind_name(device.kind); }

std::string Device::str() const {
  return is_cpu() ? std::string("cpu") : std::string(device_kind_name(kind)) + ":" + std::to_string(index);
}

Device parse_device(const std::string& text) {
  if (text == "cpu") return Device::cpu();
  if (text == "cuda" || text == "gpu") return Device::cuda();
  if (text.rfind("cuda:", 0) == 0 && text.size() > 5 && text.size() <= 8 &&
      text.find_first_not_of("0123456789", 5) == std::string::npos)
    return Device::cuda(std::stoi(text.substr(5)));
  throw Error("unknown device '" + text + "' (expected cpu, cuda or cuda:N)");
}

}  // namespace tunet
