# Finds the dependencies, prints what was found and what is skipped, and
include(GNUInstallDirs)
# defines tunet_set_warnings(target) for every target of the project.
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
message(STATUS "tunet: Eigen ${Eigen3_VERSION} found")

set(TUNET_WITH_OPENMP OFF)
if(TUNET_OPENMP)
  find_package(OpenMP COMPONENTS CXX)
  if(OpenMP_CXX_FOUND)
    set(TUNET_WITH_OPENMP ON)
    message(STATUS "tunet: OpenMP ${OpenMP_CXX_VERSION} found, CPU kernels run in parallel")
  else()
    message(STATUS "tunet: OpenMP not found, CPU kernels run on one thread")
  endif()
else()
  message(STATUS "tunet: OpenMP disabled (TUNET_OPENMP=OFF), CPU kernels run on one thread")
endif()

set(TUNET_WITH_CUDA OFF)
if(NOT TUNET_CUDA STREQUAL "OFF")
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      # No GPU to detect "native" from on build machines: name the targets.
      set(CMAKE_CUDA_ARCHITECTURES 80 90)
    endif()
    enable_language(CUDA)
    # CMake 3.25 does not know that nvcc 12+ takes -std=c++20; core's headers need it.
    set(CMAKE_CUDA_STANDARD 20)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    if(NOT CMAKE_CUDA20_STANDARD_COMPILE_OPTION)
      set(CMAKE_CUDA20_STANDARD_COMPILE_OPTION "-std=c++20")
      set(CMAKE_CUDA20_EXTENSION_COMPILE_OPTION "-std=c++20")
    endif()
    find_package(CUDAToolkit REQUIRED)
    set(TUNET_WITH_CUDA ON)
    message(STATUS "tunet: CUDA ${CUDAToolkit_VERSION} found (archs ${CMAKE_CUDA_ARCHITECTURES}), building the CUDA backend; "
                   "its GPU tests (ctest -L gpu) report Skipped where no device is usable (scripts/gpu_check.sh runs them on a GPU)")
  elseif(TUNET_CUDA STREQUAL "ON")
    message(FATAL_ERROR "tunet: TUNET_CUDA=ON but no CUDA compiler (nvcc) was found")
  else()
    message(STATUS "tunet: nvcc not found, skipping the CUDA backend")
  endif()
else()
  message(STATUS "tunet: CUDA backend disabled (TUNET_CUDA=OFF)")
endif()

if(TUNET_SANITIZE)
  message(STATUS "tunet: building with AddressSanitizer + UndefinedBehaviorSanitizer")
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fsanitize=address,undefined> $<$<COMPILE_LANGUAGE:CXX>:-fno-omit-frame-pointer>
                      $<$<COMPILE_LANGUAGE:CXX>:-fno-sanitize-recover=all>)
  add_link_options(-fsanitize=address,undefined)
endif()

# Fuzzing build (scripts/fuzz.sh): every library instrumented for libFuzzer's
# coverage and checked by ASan + UBSan; tests/fuzz links the fuzz_* binaries.
option(TUNET_FUZZ "Build the libFuzzer targets of tests/fuzz (clang only)" OFF)
if(TUNET_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "tunet: TUNET_FUZZ=ON needs clang's libFuzzer (-DCMAKE_CXX_COMPILER=clang++-14, "
                        "scripts/install_deps.sh --fuzz); this compiler is ${CMAKE_CXX_COMPILER_ID}")
  endif()
  message(STATUS "tunet: fuzzing build (libFuzzer + AddressSanitizer + UndefinedBehaviorSanitizer)")
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

# -march=native changes Eigen's vector width and alignment, which are part of
# its ABI: everything that includes tunet's headers must be built with the same
# flag, so it travels with tunet_core as a PUBLIC option (see core/CMakeLists.txt).
set(TUNET_NATIVE_FLAG "")
if(TUNET_NATIVE AND NOT TUNET_SANITIZE AND NOT TUNET_FUZZ)
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag(-march=native TUNET_HAS_MARCH_NATIVE)
  if(TUNET_HAS_MARCH_NATIVE)
    set(TUNET_NATIVE_FLAG -march=native)
    message(STATUS "tunet: -march=native (consumers of tunet are built with it too)")
  endif()
endif()

function(tunet_set_warnings target)
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra>)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wno-maybe-uninitialized>)
  endif()
endfunction()

# tunet_add_component(<target> <sources...>): a library of the project; an
# INTERFACE library while a component has no sources yet (header-only).
function(tunet_add_component target)
  if(ARGN)
    add_library(${target} ${ARGN})
    tunet_set_warnings(${target})
  else()
    add_library(${target} INTERFACE)
  endif()
endfunction()

# The visibility keyword for target_link_libraries etc. that fits the component.
function(tunet_usage target out_var)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    set(${out_var} INTERFACE PARENT_SCOPE)
  else()
    set(${out_var} PUBLIC PARENT_SCOPE)
  endif()
endfunction()
