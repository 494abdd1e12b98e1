#!/usr/bin/env bash
# Configures and builds retort (library, CLI, tests) into ./build.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRETORT_BUILD_TESTS=ON >/dev/null
cmake --build build -j "$jobs"
