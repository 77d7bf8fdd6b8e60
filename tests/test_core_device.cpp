// The device kinds: every row of kDeviceKindInfo round-trips through
// Device::str and parse_device, the error lists every form, and build_info
// reports every kind but the CPU (its CUDA fields from the CUDA row).
#include <doctest/doctest.h>

#include <string>

#include "core/build_info.hpp"
#include "core/device.hpp"
#include "core/error.hpp"

using namespace tunet;

TEST_CASE("every device kind: name, str and parse_device agree with its row") {
  for (const DeviceKindInfo& row : kDeviceKindInfo) {
    CAPTURE(row.name);
    const Device first{row.kind, 0};
    CHECK(std::string(device_kind_name(row.kind)) == row.name);
    CHECK(parse_device(row.name) == first);
    CHECK(parse_device(first.str()) == first);
    if (row.alias) CHECK(parse_device(row.alias) == first);
    if (row.kind != DeviceKind::CPU) {
      const Device third{row.kind, 2};
      CHECK(third.str() == std::string(row.name) + ":2");
      CHECK(parse_device(third.str()) == third);
    }
  }
  CHECK(Device::cpu().str() == "cpu");
  CHECK(Device::cuda(1).str() == "cuda:1");
  CHECK(parse_device("gpu") == Device::cuda());
}

TEST_CASE("an unknown device names the text and every form") {
  for (const char* text : {"tpu", "cuda:", "cuda:x", "cuda:1234", "cpu:0", ""}) {
    CAPTURE(text);
    CHECK_THROWS_WITH_AS(parse_device(text),
                         ("unknown device '" + std::string(text) + "' (expected cpu, cuda or cuda:N)").c_str(), Error);
  }
}

TEST_CASE("build_info reports every device kind but the CPU, in the rows' order") {
  const BuildInfo info = build_info();
  REQUIRE(info.devices.size() == size_t(kDeviceKinds - 1));
  const std::string line = build_info_str();
  for (size_t i = 0; i < info.devices.size(); ++i) {
    const DeviceKindStatus& s = info.devices[i];
    const DeviceKindInfo& row = kDeviceKindInfo[i + 1];
    CAPTURE(row.name);
    CHECK(s.kind == row.kind);
    CHECK(s.built == !s.status.empty());
    CHECK(!(s.usable && !s.built));
    const std::string shown = std::string("; ") + row.label + (s.built ? " on (" + s.status + ")" : " off (not built)");
    CHECK(line.find(shown) != std::string::npos);
    if (row.kind == DeviceKind::CUDA) {
      CHECK(info.cuda == s.built);
      CHECK(info.cuda_usable == s.usable);
      CHECK(info.cuda_status == s.status);
    }
  }
}
