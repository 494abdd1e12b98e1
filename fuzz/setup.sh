#!/usr/bin/env bash
# Installs, with apt, what the fuzz targets need that is not yet installed: the project's own
# build dependencies (scripts/bootstrap.sh) plus clang 14 and its compiler-rt (libFuzzer,
# AddressSanitizer, UndefinedBehaviorSanitizer runtimes). Does nothing when all is present.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

"$here/../scripts/bootstrap.sh"

# libclang-rt-14-dev ships libclang_rt.fuzzer*.a, asan and ubsan; clang-14 the compiler.
packages=(clang-14 libclang-rt-14-dev)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzz/setup.sh: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The libFuzzer runtime must be where clang looks for it.
rt="$(clang++-14 -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null || true)"
if [ ! -f "$rt" ]; then
  rt="$(find /usr/lib/llvm-14 -name 'libclang_rt.fuzzer*-x86_64.a' 2>/dev/null | head -n1)"
fi
if [ -z "$rt" ] || [ ! -f "$rt" ]; then
  echo "fuzz/setup.sh: libclang_rt.fuzzer-x86_64.a not found after installing libclang-rt-14-dev" >&2
  exit 1
fi
