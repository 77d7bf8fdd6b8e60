# Cross-compiling tunet for 64-bit Arm Linux with Debian's GNU cross toolchain
# (apt-get install g++-aarch64-linux-gnu; scripts/install_deps.sh --cross):
#
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake -DTUNET_CUDA=OFF
#
# The target's libraries and loader live in /usr/aarch64-linux-gnu. Header-only
# packages (Eigen, doctest, nlohmann_json) are the same on every architecture,
# so their CMake configs are taken from the host; libraries only from the
# target's root. With qemu-user installed, CTest runs the test programs through
# qemu-aarch64 (scripts/cross_aarch64.sh).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

set(TUNET_AARCH64_SYSROOT /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH ${TUNET_AARCH64_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

find_program(TUNET_QEMU_AARCH64 qemu-aarch64)
if(TUNET_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${TUNET_QEMU_AARCH64} -L ${TUNET_AARCH64_SYSROOT})
endif()
