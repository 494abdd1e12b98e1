# The library's layers, lowest first: the one place that says which folder is which layer, which
# public headers it owns and which layers it may use. src/CMakeLists.txt builds one static target
# per layer from it (retort_<layer>, linked to its DEPS and nothing else), and
# cmake/check_layers.cmake fails the build when a file includes a header of a layer its own does
# not depend on, or a C library's header outside the layer that owns it. ARCHITECTURE.md draws it.
#
#   retort_layer(NAME DIRS <folders under src/> HEADERS <include/retort/*.hpp names>
#                DEPS <lower layers> OWNS <header prefixes only this layer may include>)

macro(retort_layer name)
  cmake_parse_arguments(_layer "" "" "DIRS;HEADERS;DEPS;OWNS" ${ARGN})
  list(APPEND RETORT_LAYERS ${name})
  set(RETORT_LAYER_${name}_DIRS ${_layer_DIRS})
  set(RETORT_LAYER_${name}_HEADERS ${_layer_HEADERS})
  set(RETORT_LAYER_${name}_DEPS ${_layer_DEPS})
  set(RETORT_LAYER_${name}_OWNS ${_layer_OWNS})
endmacro()

set(RETORT_LAYERS "")
retort_layer(core      DIRS core            HEADERS error url suggest     OWNS openssl/)
retort_layer(config    DIRS config          HEADERS config                DEPS core OWNS toml++/)
retort_layer(migration DIRS migration       HEADERS migration embedded    DEPS core)
retort_layer(graph     DIRS graph           HEADERS revision_graph        DEPS migration)
retort_layer(project   DIRS project         HEADERS project               DEPS config graph)
retort_layer(plan      DIRS plan            HEADERS target plan           DEPS graph)
retort_layer(schema    DIRS schema          HEADERS schema                DEPS core)
retort_layer(diff      DIRS diff render     HEADERS diff                  DEPS schema)
retort_layer(dialect   DIRS dialect         HEADERS database introspect   DEPS config schema)
retort_layer(pgquery   DIRS pgquery                                       DEPS dialect migration OWNS pg_query.h)
retort_layer(pgtemp    DIRS pgtemp          HEADERS temp_cluster          DEPS core)
retort_layer(postgres  DIRS driver/postgres                               DEPS dialect pgquery pgtemp OWNS libpq-fe.h libpq/)
retort_layer(sqlite    DIRS driver/sqlite                                 DEPS dialect migration OWNS sqlite3.h)
retort_layer(drivers   DIRS driver                                        DEPS postgres sqlite)
retort_layer(runner    DIRS runner          HEADERS run                   DEPS project plan dialect)
retort_layer(commands  DIRS api             HEADERS commands schema_commands service DEPS runner drivers diff)
# GoogleTest helpers for users' migration tests (retort::testing); built when GoogleTest is found.
retort_layer(testing   DIRS testing         HEADERS testing               DEPS commands OWNS gtest/)

# Headers no public header may include: public headers include only the standard library and each
# other (the testing layer's header, for GoogleTest users, includes GoogleTest: its layer owns it).
set(RETORT_PRIVATE_THIRD_PARTY fmt/ nlohmann/ CLI/ toml++/ openssl/ pg_query.h libpq-fe.h libpq/ sqlite3.h gtest/ benchmark/)

# `out`: `layer` and every layer below it that it may use.
function(retort_layer_closure layer out)
  set(todo ${layer})
  set(seen "")
  while(todo)
    list(POP_FRONT todo current)
    if(current IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${current})
    list(APPEND todo ${RETORT_LAYER_${current}_DEPS})
  endwhile()
  set(${out} ${seen} PARENT_SCOPE)
endfunction()
