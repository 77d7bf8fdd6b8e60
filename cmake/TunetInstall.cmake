# `cmake --install` puts headers, libraries and a package config in place so
# another project can write find_package(tunet) and link tunet::tunet.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(tunet_install_targets tunet tunet_core tunet_nn tunet_datasets)
if(TUNET_BUILD_TOOLS)
  list(APPEND tunet_install_targets tunet_tuner tunet_tuner_nn)
endif()
if(TUNET_WITH_CUDA)
  list(APPEND tunet_install_targets tunet_cuda)
endif()
if(TUNET_WITH_MPI)
  list(APPEND tunet_install_targets tunet_tuner_mpi)  # tunet::tuner_mpi, not in tunet::tunet
endif()
install(TARGETS ${tunet_install_targets} EXPORT tunetTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(tunet_header_dirs core nn datasets tuner)
if(TUNET_WITH_CUDA)
  list(APPEND tunet_header_dirs cuda)  # plain C++ headers only (the .cuh ones stay internal)
endif()
foreach(dir ${tunet_header_dirs})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tunet/${dir}
          FILES_MATCHING PATTERN "*.hpp")
endforeach()
install(FILES ${PROJECT_BINARY_DIR}/include/tunet/tunet.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tunet)
install(EXPORT tunetTargets NAMESPACE tunet:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tunet)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/tunetConfig.cmake.in
  ${PROJECT_BINARY_DIR}/tunetConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tunet)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/tunetConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/tunetConfig.cmake ${PROJECT_BINARY_DIR}/tunetConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tunet)
