# Install rules: libraries, headers, CMake package and pkg-config file.
include(CMakePackageConfigHelpers)

set(SIGMAX_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/sigmax_exec)

install(TARGETS sigmax_exec sigmax_exec_static
  EXPORT sigmax_exec_targets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/capi/sigmax_exec.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/sigmax DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT sigmax_exec_targets
  NAMESPACE sigmax_exec::
  FILE sigmax_execTargets.cmake
  DESTINATION ${SIGMAX_CMAKE_DIR})
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/sigmax_execConfig.cmake.in
  ${PROJECT_BINARY_DIR}/sigmax_execConfig.cmake
  INSTALL_DESTINATION ${SIGMAX_CMAKE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/sigmax_execConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/sigmax_execConfig.cmake
  ${PROJECT_BINARY_DIR}/sigmax_execConfigVersion.cmake
  DESTINATION ${SIGMAX_CMAKE_DIR})

# Relocatable .pc: the prefix is found relative to the file itself.
file(RELATIVE_PATH SIGMAX_PC_TO_PREFIX /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
configure_file(${PROJECT_SOURCE_DIR}/cmake/sigmax_exec.pc.in ${PROJECT_BINARY_DIR}/sigmax_exec.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/sigmax_exec.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
