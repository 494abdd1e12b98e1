# `cmake --install`: the public headers, one static archive per layer, the CMake package
# (find_package(retort CONFIG REQUIRED) → retort::retort) and, from cli/, the CLI with its man page
# and completions. A consumer's link line gets libpq, sqlite3, OpenSSL and libpg_query (the
# archives need them); it needs none of the headers the library is built with.
include(CMakePackageConfigHelpers)
include(${PROJECT_SOURCE_DIR}/cmake/layers.cmake)

set(RETORT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/retort)
set(library_layers ${RETORT_LAYERS})
list(REMOVE_ITEM library_layers testing)
list(TRANSFORM library_layers PREPEND retort_ OUTPUT_VARIABLE layer_targets)
install(TARGETS ${layer_targets} retort_library EXPORT retort_targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/retort DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT retort_targets NAMESPACE retort:: FILE retort-targets.cmake DESTINATION ${RETORT_CMAKE_DIR})
# retort::testing in an export of its own: the package needs GoogleTest only for a consumer using it.
if(TARGET retort_testing)
  install(TARGETS retort_testing EXPORT retort_testing_targets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(EXPORT retort_testing_targets NAMESPACE retort:: FILE retort-testing-targets.cmake DESTINATION ${RETORT_CMAKE_DIR})
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/retort-config.cmake.in
  ${PROJECT_BINARY_DIR}/retort-config.cmake INSTALL_DESTINATION ${RETORT_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/retort-config-version.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/retort-config.cmake ${PROJECT_BINARY_DIR}/retort-config-version.cmake
  ${PROJECT_SOURCE_DIR}/cmake/embed.cmake ${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake
  DESTINATION ${RETORT_CMAKE_DIR})
