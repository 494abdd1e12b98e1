#!/usr/bin/env bash
# bench/startup.sh — a service's start-up (examples/myagent/service, retort embedded):
#
#   bench/startup.sh [--rounds N] [--no-build]
#
# Inside a throwaway cluster (`retort pgtemp`), per round:
#   - one myagent_service process on a fresh database (it applies 0001_init), against three started
#     at once on another fresh database (one applies it; the two that find the lock taken watch the
#     version rows and report the database current as soon as it commits);
#   - myagent_service on a current database (one query, no lock), against its floor: one psql
#     process sending the same query;
# then the in-process Google Benchmark (bench/tools/startup_bench.cpp): upgrade_at_startup on a
# current database against the one query it sends, and against upgrade() (lock + tables + plan).
# Whole processes are timed with bench/tools/measure (wall, max RSS). Prints medians and ratios.
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
BUILD=$ROOT/build-bench
RETORT=$BUILD/retort/cli/retort
SERVICE=$BUILD/retort/examples/myagent/service/myagent_service
MEASURE=$BUILD/measure
STARTUP_BENCH=$BUILD/startup_bench
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PSQL=$PG_BIN/psql
ROUNDS=7
BUILD_IT=1
log() { printf '[startup %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [ "${1:-}" = "--phase" ]; then
  : "${DATABASE_URL:?--phase runs inside retort pgtemp}"
  ROUNDS=$2
  db_url() { printf '%s' "${DATABASE_URL/@\/postgres\?/@/$1?}"; }
  admin() { PGOPTIONS='-c client_min_messages=warning' "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -c "$1" >/dev/null; }
  fresh() { admin "DROP DATABASE IF EXISTS $1"; admin "CREATE DATABASE $1"; }
  time_of() { "$MEASURE" -- "$@" | awk '{ if ($3 != 0) exit 1; print $1 }'; }
  one=() three=() three_noop=() noop=() floor=()
  for r in $(seq 1 "$ROUNDS"); do
    fresh s1; fresh s3
    admin "CHECKPOINT"
    one+=("$(DATABASE_URL=$(db_url s1) time_of "$SERVICE")")
    three+=("$(DATABASE_URL=$(db_url s3) time_of bash -c "\"$SERVICE\" & a=\$!; \"$SERVICE\" & b=\$!; \"$SERVICE\" & c=\$!; wait \$a && wait \$b && wait \$c")")
    [ "$("$PSQL" -X -At -d "$(db_url s3)" -c "SELECT count(*) FROM retort_history WHERE direction = 'up'")" = 1 ] ||
      die "three instances applied the migration more than once"
    # The control: three at once where nothing is pending (no lock, one query each): what three
    # processes starting together cost on this machine, whatever the lock does.
    three_noop+=("$(DATABASE_URL=$(db_url s1) time_of bash -c "\"$SERVICE\" & a=\$!; \"$SERVICE\" & b=\$!; \"$SERVICE\" & c=\$!; wait \$a && wait \$b && wait \$c")")
    if (( r % 2 )); then
      noop+=("$(DATABASE_URL=$(db_url s1) time_of "$SERVICE")")
      floor+=("$(time_of "$PSQL" -X -At -d "$(db_url s1)" -c "SELECT version_num FROM retort_version UNION ALL SELECT NULL FROM retort_history_dirty")")
    else
      floor+=("$(time_of "$PSQL" -X -At -d "$(db_url s1)" -c "SELECT version_num FROM retort_version UNION ALL SELECT NULL FROM retort_history_dirty")")
      noop+=("$(DATABASE_URL=$(db_url s1) time_of "$SERVICE")")
    fi
  done
  median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
  m1=$(median "${one[@]}") m3=$(median "${three[@]}") mn=$(median "${noop[@]}") mf=$(median "${floor[@]}")
  printf '\n| start-up (myagent_service, %s rounds, medians) | seconds | ratio |\n|---|---|---|\n' "$ROUNDS"
  printf '| one instance, fresh database (applies 0001_init) | %.4f | 1 |\n' "$m1"
  printf '| three instances at once, fresh database | %.4f | %.2f× one |\n' "$m3" "$(awk -v a="$m3" -v b="$m1" 'BEGIN { print a / b }')"
  printf '| one instance, current database | %.4f | %.2f× psql |\n' "$mn" "$(awk -v a="$mn" -v b="$mf" 'BEGIN { print a / b }')"
  m3n=$(median "${three_noop[@]}")
  printf '| control: three instances at once, current database (no lock) | %.4f | %.2f× one |\n' "$m3n" "$(awk -v a="$m3n" -v b="$mn" 'BEGIN { print a / b }')"
  printf '| floor: psql sending the same one query | %.4f | 1 |\n' "$mf"
  fresh inproc
  echo
  DATABASE_URL=$(db_url inproc) "$STARTUP_BENCH" --benchmark_min_time=0.5 2>/dev/null | sed -n '/^Benchmark/,$p'
  exit 0
fi

while [ $# -gt 0 ]; do
  case $1 in
    --rounds) ROUNDS=$2; shift ;;
    --no-build) BUILD_IT="" ;;
    *) die "unknown option $1" ;;
  esac
  shift
done
if [ -n "$BUILD_IT" ]; then
  "$ROOT/scripts/bootstrap.sh"
  mkdir -p "$BUILD"
  cmake -S "$BENCH" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >"$BUILD/startup-build.log" 2>&1 || die "configure failed ($BUILD/startup-build.log)"
  cmake --build "$BUILD" -j2 --target retort measure startup_bench myagent_service >>"$BUILD/startup-build.log" 2>&1 ||
    die "build failed ($BUILD/startup-build.log)"
fi
for f in "$RETORT" "$SERVICE" "$MEASURE" "$STARTUP_BENCH" "$PSQL"; do [ -x "$f" ] || die "missing $f"; done
log "$(uptime)"
export PSQL MEASURE SERVICE STARTUP_BENCH
exec "$RETORT" pgtemp -- "$0" --phase "$ROUNDS"
