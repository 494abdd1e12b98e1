#!/usr/bin/env bash
# Builds retort and runs every test (the tests start their own throwaway PostgreSQL).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/bootstrap.sh"
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure --timeout 2400 -j 2
