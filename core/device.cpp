#include "core/device.hpp"

#include <vector>

#include "core/error.hpp"

namespace tunet {

const char* device_kind_name(DeviceKind kind) {
  const int index = static_cast<int>(kind);
  return index >= 0 && index < kDeviceKinds ? kDeviceKindInfo[index].name : "unknown";
}
const char* device_name(Device device) { return device_kind_name(device.kind); }

std::string Device::str() const {
  const std::string name = device_kind_name(kind);
  return is_cpu() ? name : name + ":" + std::to_string(index);
}

namespace {

// text == "<name>:N", N at most three digits.
bool indexed_name(const std::string& text, const std::string& name, int* index) {
  const size_t digits = name.size() + 1;
  if (text.rfind(name + ":", 0) != 0 || text.size() <= digits || text.size() > digits + 3 ||
      text.find_first_not_of("0123456789", digits) != std::string::npos)
    return false;
  *index = std::stoi(text.substr(digits));
  return true;
}

}  // namespace

Device parse_device(const std::string& text) {
  std::vector<std::string> forms;  // for the error: "cpu", "cuda", "cuda:N", ...
  for (const DeviceKindInfo& kind : kDeviceKindInfo) {
    const bool indexed = kind.kind != DeviceKind::CPU;
    int index = 0;
    if (text == kind.name || (kind.alias && text == kind.alias)) return {kind.kind, 0};
    if (indexed && indexed_name(text, kind.name, &index)) return {kind.kind, index};
    forms.push_back(kind.name);
    if (indexed) forms.push_back(std::string(kind.name) + ":N");
  }
  std::string expected;
  for (size_t i = 0; i < forms.size(); ++i)
    expected += (i == 0 ? "" : i + 1 == forms.size() ? " or " : ", ") + forms[i];
  throw Error("unknown device '" + text + "' (expected " + expected + ")");
}

}  // namespace tunet
