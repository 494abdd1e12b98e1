#!/usr/bin/env bash
# Builds the fuzz targets (clang, libFuzzer, ASan + UBSan) into build-fuzz/ and runs each one,
# one after another, for SECONDS seconds (default 60).
#
#   fuzz/run.sh [SECONDS]            all targets
#   FUZZ_TARGETS="config" fuzz/run.sh 300   some targets
#
# Seeds are read from fuzz/corpus/<target>/, the dictionary from fuzz/dict/<target>.dict (never written: new inputs go to
# build-fuzz/corpus/<target>/). A crash, leak, sanitizer report or timeout is written to
# fuzz/crashes/<target>/ and makes this script exit non-zero, after the other targets have run.
# Environment: FUZZ_JOBS (build jobs, default 1), FUZZ_BUILD_DIR (default <repo>/build-fuzz),
# FUZZ_KEEP_GOING=1 (libFuzzer -fork=1 -ignore_crashes=1: go on past a crash, e.g. past a known
# open bug, to look for others; every crash is still written to fuzz/crashes/ and still fails).
set -uo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: fuzz/run.sh [SECONDS]" >&2
  exit 2
fi
fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$fuzz_dir/.." && pwd)"
build="${FUZZ_BUILD_DIR:-$repo/build-fuzz}"
jobs="${FUZZ_JOBS:-1}"
targets=(${FUZZ_TARGETS:-migration_file target_parser config})

set -e
"$fuzz_dir/setup.sh"
CC=clang-14 CXX=clang++-14 cmake -S "$fuzz_dir" -B "$build" >/dev/null
cmake --build "$build" --target fuzz_all -j "$jobs"
set +e

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=()
for t in "${targets[@]}"; do
  seeds="$fuzz_dir/corpus/$t"
  work="$build/corpus/$t"
  crashes="$fuzz_dir/crashes/$t"
  mkdir -p "$work" "$crashes"
  log="$build/fuzz_$t.log"
  extra=()
  if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then extra=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1); fi
  marker="$build/.fuzz_$t.started"
  touch "$marker"
  dict=()
  if [ -f "$fuzz_dir/dict/$t.dict" ]; then dict=(-dict="$fuzz_dir/dict/$t.dict"); fi
  echo "== fuzz_$t: ${seconds}s (log: $log)"
  # -timeout: an input taking over 10 s is reported as a hang; -rss_limit_mb: as an out-of-memory.
  "$build/fuzz_$t" "$work" "$seeds" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -artifact_prefix="$crashes/" -print_final_stats=1 "${dict[@]}" "${extra[@]}" >"$log" 2>&1
  rc=$?
  # fuzz_config's scratch files ($TMPDIR/retort-fuzz-config-<pid>.toml) outlive crashed processes.
  if [ "$t" = config ]; then rm -f "${TMPDIR:-/tmp}"/retort-fuzz-config-*.toml; fi
  new_crashes=$(find "$crashes" -type f -newer "$marker" | wc -l)
  if [ "$rc" -eq 0 ] && [ "$new_crashes" -gt 0 ]; then rc=1; fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' "$log" | awk '!seen[$0]++' | sed 's/^/   /'
  if [ "$rc" -ne 0 ]; then
    echo "   fuzz_$t FAILED (exit $rc, $new_crashes new file(s) in $crashes/): see $log" >&2
    grep -E 'ERROR: |runtime error:|SUMMARY:|unexpected exception|Test unit written' "$log" | awk '!seen[$0]++' | head -n 10 | sed 's/^/   /' >&2
    failed+=("$t")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no crash"
