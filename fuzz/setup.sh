#!/usr/bin/env bash
# Installs, with apt, what the fuzz targets need that is not yet installed: the project's own
# build dependencies (scripts/bootstrap.sh) plus clang 14 and its compiler-rt (libFuzzer,
# AddressSanitizer, UndefinedBehaviorSanitizer runtimes). Does nothing when all is present.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

# libclang-rt-14-dev ships libclang_rt.fuzzer*.a, asan and ubsan; clang-14 the compiler.
"$here/../scripts/bootstrap.sh" clang-14 libclang-rt-14-dev

# The libFuzzer runtime must be where clang looks for it.
rt="$(clang++-14 -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null || true)"
if [ ! -f "$rt" ]; then
  rt="$(find /usr/lib/llvm-14 -name 'libclang_rt.fuzzer*-x86_64.a' 2>/dev/null | head -n1)"
fi
if [ -z "$rt" ] || [ ! -f "$rt" ]; then
  echo "fuzz/setup.sh: libclang_rt.fuzzer-x86_64.a not found after installing libclang-rt-14-dev" >&2
  exit 1
fi
