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

# -march=native is for tunet's own build only: it travels to the project's
# targets (tests, bench, examples) through tunet_core's BUILD_INTERFACE, never
# into the installed package, so a consumer chooses its own flags. That is safe
# because Eigen's ABI, the one place where -march could leak into tunet's
# interface (the tuner's headers pass Eigen::VectorXd / MatrixXd), is pinned by
# TUNET_EIGEN_ABI_DEFINITIONS below.
set(TUNET_NATIVE_FLAG "")
if(TUNET_NATIVE AND CMAKE_CROSSCOMPILING)
  message(STATUS "tunet: cross-compiling for ${CMAKE_SYSTEM_PROCESSOR}: no -march=native (the build machine is not the target)")
elseif(TUNET_NATIVE AND NOT TUNET_SANITIZE AND NOT TUNET_FUZZ)
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag(-march=native TUNET_HAS_MARCH_NATIVE)
  if(TUNET_HAS_MARCH_NATIVE)
    set(TUNET_NATIVE_FLAG -march=native)
    message(STATUS "tunet: -march=native for tunet's own targets (not exported: consumers keep their flags)")
  endif()
elseif(NOT TUNET_NATIVE)
  message(STATUS "tunet: portable build (TUNET_NATIVE=OFF): the compiler's default target, ${CMAKE_SYSTEM_PROCESSOR}")
endif()

# Eigen's memory layout depends on the vector ISA of each translation unit:
# with AVX its heap blocks come from its own aligned allocator (the malloc'd
# pointer stored in front of the block) and are assumed 32- or 64-byte aligned,
# without AVX they come from plain malloc and are 16-byte aligned. A VectorXd
# made in a TU built with -march=native and freed or read in one built without
# aborts in free() or faults on an aligned load. These two settings, PUBLIC on
# tunet_core and so given to every consumer, make the layout the same whatever
# the -march: objects assumed 16-byte aligned (the bound Eigen documents for
# "binary compatibility between code compiled with different SIMD options",
# EIGEN_MAX_ALIGN_BYTES), heap blocks always from Eigen's own allocator (so
# any TU may free them). Eigen's internal packing buffers keep the ISA's full
# alignment.
set(TUNET_EIGEN_ABI_DEFINITIONS EIGEN_MAX_ALIGN_BYTES=16 EIGEN_MALLOC_ALREADY_ALIGNED=0)

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

# tunet_keep_registrations(<target>): a source of <target> that registers
# something by name (TUNET_REGISTER_LAYER(dense, ...) in nn/dense.cpp,
# TUNET_REGISTER_SEARCH_ALGORITHM(asha, ...)) does it from a static initialiser
# and defines the symbol tunet_registered_<kind>_<id>, which nothing references.
# Every program linking <target> asks the linker for each such symbol, so the
# object is taken from the static library too (as cuda/ keeps its backend).
# The sources are scanned here, at configure time: a new file re-runs CMake
# through the CONFIGURE_DEPENDS globs, an edited registering file through
# CMAKE_CONFIGURE_DEPENDS.
function(tunet_keep_registrations target)
  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  set(symbols "")
  foreach(source ${sources})
    cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${source_dir})
    file(READ ${source} text)
    string(REGEX MATCHALL "\nTUNET_REGISTER_[A-Z_]+\\([ \t\r\n]*[a-z0-9_]+," lines "${text}")
    foreach(line ${lines})
      string(REGEX REPLACE "^\nTUNET_REGISTER_([A-Z_]+)\\([ \t\r\n]*([a-z0-9_]+),$" "\\1;\\2" kind_id "${line}")
      list(GET kind_id 0 kind)
      list(GET kind_id 1 id)
      string(TOLOWER ${kind} kind)
      list(APPEND symbols "LINKER:--undefined=tunet_registered_${kind}_${id}")
    endforeach()
    if(lines)
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source})
    endif()
  endforeach()
  target_link_options(${target} INTERFACE ${symbols})
endfunction()
