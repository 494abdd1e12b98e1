#!/usr/bin/env bash
# Configures and builds retort (library, CLI, tests) into ./build.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
# Optimized, with line tables only (-g1): backtraces keep file and line, and the build (CI's budget
# is mostly compilation) takes a third less than with full debug information.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" \
  -DRETORT_BUILD_TESTS=ON >/dev/null
cmake --build build -j "$jobs"
