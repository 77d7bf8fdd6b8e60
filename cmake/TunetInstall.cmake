# `cmake --install` puts headers, libraries and a package config in place so
# another project can write find_package(tunet) and link tunet::core,
# tunet::nn, tunet::datasets, tunet::tuner, tunet::tuner_nn, tunet::tuner_mpi
# (built with MPI), tunet::cuda (built with CUDA) or tunet::tunet (all but
# tuner_mpi): the names the build tree's aliases give. One export set per
# dependency (base; CUDA; nlohmann-json; MPI; the umbrella), so a consumer of the
# inference part loads no target that needs nlohmann-json, MPI or the CUDA
# toolkit (tunetConfig.cmake loads a set only when a component asks for it).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

foreach(target tunet_core tunet_nn tunet_datasets tunet_tuner tunet_tuner_nn tunet_tuner_mpi tunet_cuda)
  if(TARGET ${target})
    string(REGEX REPLACE "^tunet_" "" name ${target})
    set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
  endif()
endforeach()

set(tunet_install_sets tunetTargets)
set(tunetTargets_members tunet_core tunet_nn tunet_datasets)
if(TUNET_WITH_CUDA)
  list(APPEND tunet_install_sets tunetCudaTargets)
  set(tunetCudaTargets_members tunet_cuda)
endif()
if(TUNET_BUILD_TOOLS)
  list(APPEND tunet_install_sets tunetTunerTargets)
  set(tunetTunerTargets_members tunet_tuner tunet_tuner_nn)
endif()
if(TUNET_WITH_MPI)
  list(APPEND tunet_install_sets tunetTunerMpiTargets)
  set(tunetTunerMpiTargets_members tunet_tuner_mpi)  # not in tunet::tunet
endif()
list(APPEND tunet_install_sets tunetUmbrellaTargets)
set(tunetUmbrellaTargets_members tunet)
foreach(set ${tunet_install_sets})
  install(TARGETS ${${set}_members} EXPORT ${set}
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
          INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT ${set} NAMESPACE tunet:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tunet)
endforeach()

set(tunet_header_dirs core nn datasets tuner)
if(TUNET_WITH_CUDA)
  list(APPEND tunet_header_dirs cuda)  # plain C++ headers only (the .cuh ones stay internal)
endif()
foreach(dir ${tunet_header_dirs})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tunet/${dir}
          FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")  # *.h: the C API of ask/tell (tuner/study/ask_tell_c.h)
endforeach()
install(FILES ${PROJECT_BINARY_DIR}/include/tunet/tunet.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tunet)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/tunetConfig.cmake.in
  ${PROJECT_BINARY_DIR}/tunetConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tunet)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/tunetConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/tunetConfig.cmake ${PROJECT_BINARY_DIR}/tunetConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tunet)
