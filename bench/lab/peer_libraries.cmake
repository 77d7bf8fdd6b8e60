# The kernel lab's peer libraries (docs/kernel_lab.md, "Peers"), each optional:
# found, its rungs are built (TUNET_LAB_WITH_<NAME>); not found, they stay in
# the tables as "skipped: <why>". scripts/install_deps.sh --bench installs all
# three from Debian (libopenblas-dev, libblis-dev, libdnnl-dev).
#
# OpenBLAS and BLIS both export the CBLAS and Fortran BLAS symbols: OpenBLAS is
# linked first and called through cblas_sgemm (peer_openblas.cpp checks at run
# time that the symbol resolved into OpenBLAS), BLIS through its own typed API
# (bli_sgemm), which OpenBLAS does not export.
# The library's headers for these sources only, as system headers (their
# warnings are not ours); none for the compiler's own include folders.
function(tunet_lab_system_include dir)
  if(NOT dir IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
    set_property(SOURCE ${ARGN} APPEND PROPERTY COMPILE_OPTIONS "-isystem${dir}")
  endif()
endfunction()

set(arch_include /usr/include/${CMAKE_LIBRARY_ARCHITECTURE})
set(arch_lib /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE})

find_library(TUNET_OPENBLAS_LIBRARY NAMES openblas
             HINTS ${arch_lib}/openblas-pthread ${arch_lib}/openblas-openmp ${arch_lib}/openblas-serial)
if(TUNET_OPENBLAS_LIBRARY)
  message(STATUS "tunet: kernel lab peer OpenBLAS found (${TUNET_OPENBLAS_LIBRARY}): GEMM rung openblas")
  target_sources(tunet_kernel_lab PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/peer_openblas.cpp)
  target_link_libraries(tunet_kernel_lab PUBLIC ${TUNET_OPENBLAS_LIBRARY} ${CMAKE_DL_LIBS})
  target_compile_definitions(tunet_kernel_lab PUBLIC TUNET_LAB_WITH_OPENBLAS=1)
else()
  message(STATUS "tunet: kernel lab peer OpenBLAS not found: its rung is skipped (apt-get install libopenblas-dev)")
endif()

find_path(TUNET_BLIS_INCLUDE_DIR blis.h
          HINTS ${arch_include}/blis-openmp ${arch_include}/blis-pthread ${arch_include}/blis-serial
          PATH_SUFFIXES blis)
find_library(TUNET_BLIS_LIBRARY NAMES blis
             HINTS ${arch_lib}/blis-openmp ${arch_lib}/blis-pthread ${arch_lib}/blis-serial)
if(TUNET_BLIS_INCLUDE_DIR AND TUNET_BLIS_LIBRARY)
  message(STATUS "tunet: kernel lab peer BLIS found (${TUNET_BLIS_LIBRARY}): GEMM rung blis")
  tunet_lab_system_include(${TUNET_BLIS_INCLUDE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/peer_blis.cpp)
  target_sources(tunet_kernel_lab PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/peer_blis.cpp)
  target_link_libraries(tunet_kernel_lab PUBLIC ${TUNET_BLIS_LIBRARY})
  target_compile_definitions(tunet_kernel_lab PUBLIC TUNET_LAB_WITH_BLIS=1)
else()
  message(STATUS "tunet: kernel lab peer BLIS not found: its rung is skipped (apt-get install libblis-dev)")
endif()

# oneDNN's headers and library directly: Debian's dnnl-config.cmake requires OpenCL.
find_path(TUNET_DNNL_INCLUDE_DIR oneapi/dnnl/dnnl.hpp)
find_library(TUNET_DNNL_LIBRARY NAMES dnnl)
if(TUNET_DNNL_INCLUDE_DIR AND TUNET_DNNL_LIBRARY)
  message(STATUS "tunet: kernel lab peer oneDNN found (${TUNET_DNNL_LIBRARY}): matmul, convolution, softmax, Adam from eltwise + binary")
  file(GLOB onednn_sources ${CMAKE_CURRENT_SOURCE_DIR}/peer_onednn*.cpp)
  tunet_lab_system_include(${TUNET_DNNL_INCLUDE_DIR} ${onednn_sources} ${CMAKE_CURRENT_SOURCE_DIR}/peers.cpp)
  target_sources(tunet_kernel_lab PRIVATE ${onednn_sources})
  target_link_libraries(tunet_kernel_lab PUBLIC ${TUNET_DNNL_LIBRARY})
  target_compile_definitions(tunet_kernel_lab PUBLIC TUNET_LAB_WITH_ONEDNN=1)
else()
  message(STATUS "tunet: kernel lab peer oneDNN not found: its rungs are skipped (apt-get install libdnnl-dev)")
endif()
