# retort_embed_migrations(TARGET DIR [NAME name]): compiles the *.sql files of DIR into TARGET.
# The program then reads them with
#   #include "retort_embedded/<name>.hpp"
#   retort::Project project(config, retort::load_embedded(retort::embedded::<name>));
# NAME (default: migrations) is a C++ identifier; several folders embedded in one program need
# different names (and, in their Configs, different version tables). TARGET links retort::retort.
# The files are rebuilt into the program whenever one changes, and a file added or removed
# reconfigures (the folder is globbed with CONFIGURE_DEPENDS). docs/embedding.md.
function(retort_embed_migrations target dir)
  cmake_parse_arguments(arg "" "NAME" "" ${ARGN})
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "retort_embed_migrations: unexpected arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  set(name migrations)
  if(arg_NAME)
    set(name ${arg_NAME})
  endif()
  if(NOT name MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "retort_embed_migrations: NAME '${name}' must be a C++ identifier")
  endif()
  get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  if(NOT IS_DIRECTORY "${dir}")
    message(FATAL_ERROR "retort_embed_migrations: the migrations folder '${dir}' does not exist")
  endif()
  file(GLOB files CONFIGURE_DEPENDS "${dir}/*.sql")
  set(out ${CMAKE_CURRENT_BINARY_DIR}/retort_embedded_${target})
  # beside this file, wherever the caller is (a parent project, the installed package)
  set(generator ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/embed_generate.cmake)
  add_custom_command(
    OUTPUT ${out}/retort_embedded/${name}.hpp ${out}/retort_embedded_${name}.cpp
    COMMAND ${CMAKE_COMMAND} -DDIR=${dir} -DNAME=${name} -DOUT=${out} -P ${generator}
    DEPENDS ${files} ${generator}
    COMMENT "Embedding the migrations of ${dir} as retort::embedded::${name}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out}/retort_embedded_${name}.cpp ${out}/retort_embedded/${name}.hpp)
  # Each generated file names its arrays alike: in a unity build they would meet in one file.
  set_source_files_properties(${out}/retort_embedded_${name}.cpp PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  target_include_directories(${target} PRIVATE ${out})
endfunction()
