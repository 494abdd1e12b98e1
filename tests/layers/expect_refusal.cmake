# The layer check refuses the tree in tests/layers/forbidden, naming every forbidden include with
# its file and line, and passes the real tree:
#   cmake -DSOURCE=<retort source tree> -P tests/layers/expect_refusal.cmake
set(check ${SOURCE}/cmake/check_layers.cmake)

execute_process(COMMAND ${CMAKE_COMMAND} -DROOT=${SOURCE}/tests/layers/forbidden -P ${check}
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(code EQUAL 0)
  message(FATAL_ERROR "the layer check passed a tree with forbidden includes:\n${out}${err}")
endif()
string(REGEX REPLACE "[ \t\r\n]+" " " err "${err}")
foreach(expected
    "6 forbidden include"
    "src/runner/reaches_up.cpp:2: <libpq-fe.h> belongs to the postgres layer only (runner includes it)"
    "src/runner/reaches_up.cpp:4: the runner layer includes \"driver/postgres/pg_connection.hpp\" of the postgres layer"
    "src/runner/reaches_up.cpp:5: the runner layer includes \"retort/commands.hpp\" of the commands layer"
    "src/extra: a folder of no layer"
    "include/retort/run.hpp:3: public header includes <fmt/format.h>"
    "cli/uses_private.cpp:3: the CLI includes \"runner/runner.hpp\", a private header of the runner layer")
  string(FIND "${err}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the layer check's refusal does not say: ${expected}\nit said: ${err}")
  endif()
endforeach()
# The allowed include on the same file's line 6 ("retort/run.hpp", the runner's own header) is not reported.
string(FIND "${err}" "reaches_up.cpp:6" at)
if(NOT at EQUAL -1)
  message(FATAL_ERROR "the layer check refused an allowed include: ${err}")
endif()

execute_process(COMMAND ${CMAKE_COMMAND} -DROOT=${SOURCE} -P ${check} RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "the layer check refuses the project's own tree:\n${err}")
endif()
