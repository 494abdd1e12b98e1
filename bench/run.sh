#!/usr/bin/env bash
# bench/run.sh — retort against the floor (psql, cat) and the peers (Alembic, dbmate), in one command.
#
#   bench/run.sh [--quick] [--rounds N] [--rounds-fsync N] [--fast-rounds N] [--no-peers] [--no-build]
#                [--no-micro] [--keep]
#
# Builds retort in Release into build-bench/ (from bench/CMakeLists.txt, -j1), generates the workloads
# into a temporary folder (bench/gen_workload.sh), starts throwaway PostgreSQL clusters with
# `retort pgtemp` (fsync off, then `--fsync`), and measures every command as a whole process with
# bench/tools/measure.cpp (wall time around fork/exec/wait4, max RSS from wait4). Each tool run is
# paired with a floor run in the same round (the order alternates between rounds); the table reports
# median seconds, the median of the per-round ratios (and their range) and the largest max RSS.
# Prints the table and writes it, with the command and the date, to bench/RESULTS.md.
#
#   --quick          fewer rounds (3 and 2 for upgrade/downgrade with fsync off and on, 5 for the rest)
#   --rounds N       rounds for upgrade/downgrade with fsync off (default 5)
#   --rounds-fsync N rounds for upgrade/downgrade with fsync on (default 3: the server dominates there)
#   --fast-rounds N  rounds for start-up, the no-op commands and history/heads (default 11)
#   --no-peers       skip Alembic and dbmate
#   --no-build       use the retort already in build-bench/
#   --no-micro       skip the Google Benchmark micro-benchmarks
#   --keep           keep the workload folder (its path is printed)
#   --no-nice        as root, run.sh runs itself under `nice -n -10` so that other work on the machine
#                    (builds, fuzzers) disturbs the timings less; this turns that off
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$BENCH/cluster_user.sh"  # run_as_pg, give_to_pg
ROOT=$(dirname "$BENCH")
BUILD=$ROOT/build-bench
RETORT=$BUILD/retort/cli/retort
MEASURE=$BUILD/measure
MICRO=$BUILD/retort_micro
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PSQL=$PG_BIN/psql
[ -x "$PSQL" ] || PSQL=$(command -v psql || true)
PY=/usr/bin/python3
DBMATE=$BENCH/.tools/node_modules/@dbmate/linux-x64/bin/dbmate

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Phases run inside `retort pgtemp -- bench/run.sh --phase NAME` (DATABASE_URL set by pgtemp);
# everything they need comes in through exported variables.
# ---------------------------------------------------------------------------------------------

# The cluster's url with another database name; dbmate's and SQLAlchemy's spellings of it.
db_url() { printf '%s' "${DATABASE_URL/@\/postgres\?/@/$1?}"; }
socket_dir() {
  local h=${DATABASE_URL#*host=}
  h=${h%%&*}
  printf '%b' "${h//%/\\x}"
}
dbmate_url() { printf 'postgres://postgres@/%s?socket=%s&sslmode=disable' "$1" "$(socket_dir)"; }
alembic_url() { printf 'postgresql+psycopg2://postgres@/%s?host=%s' "$1" "$(socket_dir)"; }

admin() { PGOPTIONS='-c client_min_messages=warning' "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -c "$1" >/dev/null; }
create_db() { admin "DROP DATABASE IF EXISTS $1"; admin "CREATE DATABASE $1"; }
drop_db() { admin "DROP DATABASE IF EXISTS $1"; }
# Before each timed run: the server writes its dirty pages (CHECKPOINT) and the kernel writes them and
# the previous round's dropped files out (sync; the root file system here is mounted with discard),
# so that no run pays for the writeback of the one before it. Without this, the first run of each
# round was up to 3x slower, whichever tool it was.
checkpoint() { admin "CHECKPOINT"; sync; }

# run GROUP TOOL ROUND COMMAND... — one timed process; appends a row to the results TSV.
run() {
  local group=$1 tool=$2 round=$3
  shift 3
  local out secs rss rc cpu
  out=$("$MEASURE" -e "$WORK/last.err" -- "$@")
  read -r secs rss rc cpu <<<"$out"
  if [ "$rc" != 0 ]; then
    log "$tool ($group, round $round) exited $rc: $*"
    sed 's/^/    /' "$WORK/last.err" | tail -20 >&2
    return 1
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$tool" "$round" "$secs" "$rss" "$cpu" >>"$TSV"
}

# In odd rounds the floor runs first, in even rounds last.
floor_first() { [ $(($1 % 2)) = 1 ]; }

phase_noop() {
  local L=$WORK/line
  log "no-op setup: 1,000 revisions applied by retort${HAVE_ALEMBIC:+, Alembic}${HAVE_DBMATE:+, dbmate}"
  create_db noop_retort
  "$RETORT" -c "$L/retort/retort.toml" --url "$(db_url noop_retort)" upgrade head 2>"$WORK/setup.err" ||
    { cat "$WORK/setup.err" >&2; die "retort upgrade (setup) failed"; }
  if [ -n "$HAVE_ALEMBIC" ]; then
    create_db noop_alembic
    ALEMBIC_URL=$(alembic_url noop_alembic) "$PY" -m alembic -c "$L/alembic/alembic.ini" upgrade head 2>"$WORK/setup.err" ||
      { cat "$WORK/setup.err" >&2; die "alembic upgrade (setup) failed"; }
  fi
  if [ -n "$HAVE_DBMATE" ]; then
    create_db noop_dbmate
    "$DBMATE" --no-dump-schema -d "$L/dbmate/migrations" -u "$(dbmate_url noop_dbmate)" migrate >/dev/null 2>"$WORK/setup.err" ||
      { cat "$WORK/setup.err" >&2; die "dbmate migrate (setup) failed"; }
  fi
  local url_r; url_r=$(db_url noop_retort)
  local floor=(noop "psql -c 'SELECT version_num FROM retort_version'")
  for ((r = 1; r <= FAST_ROUNDS; r++)); do
    floor_first "$r" && run "${floor[@]}" "$r" "$PSQL" -X -q -d "$url_r" -c 'SELECT version_num FROM retort_version'
    run noop "retort current" "$r" "$RETORT" -c "$L/retort/retort.toml" --url "$url_r" current
    run noop "retort status" "$r" "$RETORT" -c "$L/retort/retort.toml" --url "$url_r" status
    mkdir -p "$WORK/cold/n$r"
    XDG_CACHE_HOME=$WORK/cold/n$r run noop "retort current (first run)" "$r" "$RETORT" -c "$L/retort/retort.toml" --url "$url_r" current
    if [ -n "$HAVE_ALEMBIC" ]; then
      run noop "alembic current" "$r" env ALEMBIC_URL="$(alembic_url noop_alembic)" "$PY" -m alembic -c "$L/alembic/alembic.ini" current
    fi
    if [ -n "$HAVE_DBMATE" ]; then
      run noop "dbmate status" "$r" "$DBMATE" --no-dump-schema -d "$L/dbmate/migrations" -u "$(dbmate_url noop_dbmate)" status
    fi
    floor_first "$r" || run "${floor[@]}" "$r" "$PSQL" -X -q -d "$url_r" -c 'SELECT version_num FROM retort_version'
  done
  drop_db noop_retort
  [ -z "$HAVE_ALEMBIC" ] || drop_db noop_alembic
  [ -z "$HAVE_DBMATE" ] || drop_db noop_dbmate
}

# upgrade head of 1,000 migrations from empty, then downgrade base, for every tool; FSYNC=off|on.
phase_migrate() {
  local L=$WORK/line fs=$FSYNC rounds=$ROUNDS
  [ "$fs" = off ] || rounds=$ROUNDS_FSYNC
  # One untimed floor run first: the cluster creates its WAL segments here, not in round 1.
  log "upgrade/downgrade 1,000 migrations, fsync $fs: warm-up"
  create_db b_warm
  "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(db_url b_warm)" -f "$L/floor_up.sql"
  "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(db_url b_warm)" -f "$L/floor_down.sql"
  drop_db b_warm
  for ((r = 1; r <= rounds; r++)); do
    log "upgrade/downgrade 1,000 migrations, fsync $fs: round $r of $rounds"
    create_db b_floor; create_db b_floor1; create_db b_retort
    [ -z "$HAVE_ALEMBIC" ] || create_db b_alembic
    [ -z "$HAVE_DBMATE" ] || create_db b_dbmate
    local up_floor=("$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(db_url b_floor)" -f "$L/floor_up.sql")
    local down_floor=("$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(db_url b_floor)" -f "$L/floor_down.sql")
    # A reference, not the floor: the same SQL with each migration sent as one query (one round trip).
    local ref=("1-round-trip psql -f (reference)" "$r" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(db_url b_floor1)" -f)
    if floor_first "$r"; then checkpoint; run "up_$fs" "psql -f (floor)" "$r" "${up_floor[@]}"; fi
    checkpoint
    run "up_$fs" "${ref[@]}" "$L/floor_up_1rt.sql"
    checkpoint
    run "up_$fs" "retort upgrade head" "$r" "$RETORT" -c "$L/retort/retort.toml" --url "$(db_url b_retort)" upgrade head
    if [ -n "$HAVE_ALEMBIC" ]; then
      checkpoint
      run "up_$fs" "alembic upgrade head" "$r" env ALEMBIC_URL="$(alembic_url b_alembic)" "$PY" -m alembic -c "$L/alembic/alembic.ini" upgrade head
    fi
    if [ -n "$HAVE_DBMATE" ]; then
      checkpoint
      run "up_$fs" "dbmate migrate" "$r" "$DBMATE" --no-dump-schema -d "$L/dbmate/migrations" -u "$(dbmate_url b_dbmate)" migrate
    fi
    if ! floor_first "$r"; then checkpoint; run "up_$fs" "psql -f (floor)" "$r" "${up_floor[@]}"; fi

    if floor_first "$r"; then checkpoint; run "down_$fs" "psql -f (floor)" "$r" "${down_floor[@]}"; fi
    checkpoint
    run "down_$fs" "${ref[@]}" "$L/floor_down_1rt.sql"
    checkpoint
    run "down_$fs" "retort downgrade base" "$r" "$RETORT" -c "$L/retort/retort.toml" --url "$(db_url b_retort)" downgrade base --yes
    if [ -n "$HAVE_ALEMBIC" ]; then
      checkpoint
      run "down_$fs" "alembic downgrade base" "$r" env ALEMBIC_URL="$(alembic_url b_alembic)" "$PY" -m alembic -c "$L/alembic/alembic.ini" downgrade base
    fi
    if ! floor_first "$r"; then checkpoint; run "down_$fs" "psql -f (floor)" "$r" "${down_floor[@]}"; fi
    drop_db b_floor; drop_db b_floor1; drop_db b_retort
    [ -z "$HAVE_ALEMBIC" ] || drop_db b_alembic
    [ -z "$HAVE_DBMATE" ] || drop_db b_dbmate
  done
}

if [ "${1:-}" = "--phase" ]; then
  : "${DATABASE_URL:?--phase runs inside retort pgtemp}"
  case $2 in
    noop) phase_noop ;;
    migrate) phase_migrate ;;
    *) die "unknown phase $2" ;;
  esac
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# The driver.
# ---------------------------------------------------------------------------------------------
COMMAND="bench/run.sh${*:+ $*}"
ARGS=("$@")
NICE=1
ROUNDS=5 ROUNDS_FSYNC=3 FAST_ROUNDS=11 PEERS=1 BUILD_IT=1 MICRO_IT=1 KEEP=""
while [ $# -gt 0 ]; do
  case $1 in
    --quick) ROUNDS=3 ROUNDS_FSYNC=2 FAST_ROUNDS=5 ;;
    --rounds) ROUNDS=$2; shift ;;
    --rounds-fsync) ROUNDS_FSYNC=$2; shift ;;
    --fast-rounds) FAST_ROUNDS=$2; shift ;;
    --no-peers) PEERS="" ;;
    --no-build) BUILD_IT="" ;;
    --no-micro) MICRO_IT="" ;;
    --keep) KEEP=1 ;;
    --no-nice) NICE="" ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -n 's/^# \{0,1\}//p'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
if [ -n "$NICE" ] && [ "$(id -u)" = 0 ] && [ -z "${RETORT_BENCH_NICED:-}" ]; then
  export RETORT_BENCH_NICED=1 RETORT_BENCH_COMMAND=$COMMAND
  exec nice -n -10 "$0" "${ARGS[@]}"
fi
COMMAND=${RETORT_BENCH_COMMAND:-$COMMAND}
STARTED=$(date +%s)

sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 ||
    { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1; }
}
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# 1. Build (retort's own dependencies come from scripts/bootstrap.sh; Google Benchmark is in it).
if [ -n "$BUILD_IT" ]; then
  [ -x "$ROOT/scripts/bootstrap.sh" ] && "$ROOT/scripts/bootstrap.sh"
  installed libbenchmark-dev || apt_install libbenchmark-dev || die "cannot install libbenchmark-dev"
  log "building retort (Release) in $BUILD, -j1"
  gen=()
  [ -f "$BUILD/CMakeCache.txt" ] || { command -v ninja >/dev/null && gen=(-G Ninja); }
  mkdir -p "$BUILD"
  cmake -S "$BENCH" -B "$BUILD" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release >"$BUILD/bench-build.log" 2>&1 ||
    { tail -30 "$BUILD/bench-build.log" >&2; die "cmake configure failed (log: $BUILD/bench-build.log)"; }
  cmake --build "$BUILD" -j1 >>"$BUILD/bench-build.log" 2>&1 ||
    { grep -E 'error|FAILED' "$BUILD/bench-build.log" | head -30 >&2; die "build failed (log: $BUILD/bench-build.log)"; }
fi
[ -x "$RETORT" ] && [ -x "$MEASURE" ] || die "no $RETORT or $MEASURE: run without --no-build"
[ -x "$PSQL" ] || die "psql not found (install postgresql-client)"

# 2. The peers, where they install.
HAVE_ALEMBIC="" HAVE_DBMATE=""
if [ -n "$PEERS" ]; then
  if ! "$PY" -c 'import alembic, psycopg2' 2>/dev/null; then
    log "installing python3-alembic and python3-psycopg2 (Debian)"
    apt_install python3-alembic python3-psycopg2 || log "could not install them: Alembic is skipped"
  fi
  "$PY" -c 'import alembic, psycopg2' 2>/dev/null && HAVE_ALEMBIC=1
  if [ ! -x "$DBMATE" ]; then
    command -v npm >/dev/null || apt_install npm || true
    log "installing dbmate from npm into bench/.tools"
    npm install --prefix "$BENCH/.tools" --no-audit --no-fund --loglevel=error @dbmate/linux-x64 >/dev/null 2>&1 ||
      log "could not install @dbmate/linux-x64: dbmate is skipped"
  fi
  [ -x "$DBMATE" ] && "$DBMATE" --version >/dev/null 2>&1 && HAVE_DBMATE=1
fi

# 3. Workloads.
WORK=$(mktemp -d /tmp/retort-bench-XXXXXX)
chmod 755 "$WORK"
TMPFS_CLUSTER=""
cleanup() {
  [ -z "$TMPFS_CLUSTER" ] || stop_tmpfs_cluster
  [ -n "$KEEP" ] || rm -rf "$WORK"
}
trap cleanup EXIT
TSV=$WORK/results.tsv
: >"$TSV"
log "generating workloads in $WORK"
"$BENCH/gen_workload.sh" "$WORK" 1000 10000 >/dev/null
GENERATED=$(date +%s)
# retort keeps a cache of parsed migration headers in $XDG_CACHE_HOME/retort (trusted only for files
# whose stat is unchanged): the bench gives it a folder of its own. Every retort run below sees the
# cache as a deploy would (the folder unchanged since the last run), except the "first run" rows,
# which start from an empty cache folder each time.
export XDG_CACHE_HOME=$WORK/cache
mkdir -p "$XDG_CACHE_HOME"
export WORK TSV ROUNDS ROUNDS_FSYNC FAST_ROUNDS HAVE_ALEMBIC HAVE_DBMATE RETORT MEASURE PSQL PY DBMATE
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# 4. Start-up: a process that does nothing (--version) and one that reads 1,000 migrations (heads),
#    beside psql --version; then history and heads over 10,000 revisions beside reading the files.
log "start-up: $FAST_ROUNDS rounds"
for ((r = 1; r <= FAST_ROUNDS; r++)); do
  [ $((r % 2)) = 1 ] && run startup "psql --version" "$r" "$PSQL" --version
  run startup "retort --version" "$r" "$RETORT" --version
  mkdir -p "$WORK/cold/s$r"
  XDG_CACHE_HOME=$WORK/cold/s$r run startup "retort heads (first run)" "$r" "$RETORT" -c "$WORK/line/retort/retort.toml" heads
  [ $((r % 2)) = 1 ] || run startup "psql --version" "$r" "$PSQL" --version
done
G=$WORK/graph/retort
log "history/heads over 10,000 revisions: $FAST_ROUNDS rounds"
cat "$G"/migrations/*.sql >/dev/null  # warm the page cache for everyone
# The cache does not trust files written within its racy window (2 s) of its own write: wait that out,
# then fill it once (untimed), as the previous run of a deploy would have.
sleep $((GENERATED + 3 - $(date +%s) > 0 ? GENERATED + 3 - $(date +%s) : 0))
"$RETORT" -c "$G/retort.toml" history >/dev/null
"$RETORT" -c "$WORK/line/retort/retort.toml" history >/dev/null
for ((r = 1; r <= FAST_ROUNDS; r++)); do
  floor=(history "cat *.sql (I/O floor)" "$r" sh -c "cat '$G'/migrations/*.sql >/dev/null")
  [ $((r % 2)) = 1 ] && run "${floor[@]}"
  mkdir -p "$WORK/cold/h$r"
  XDG_CACHE_HOME=$WORK/cold/h$r run history "retort history (first run)" "$r" "$RETORT" -c "$G/retort.toml" history
  run history "retort history" "$r" "$RETORT" -c "$G/retort.toml" history
  run history "retort heads" "$r" "$RETORT" -c "$G/retort.toml" heads
  [ $((r % 2)) = 1 ] || run "${floor[@]}"
done

# A throwaway cluster like `retort pgtemp`'s (same settings: fsync, full_page_writes and
# synchronous_commit off, a unix socket only), but with its data on tmpfs (/dev/shm). On this kind of
# machine creating files on the disk's file system varies tenfold from one second to the next
# (6,000 files: 0.4 s to 4 s), which swamped the fsync-off comparison (1,000 CREATE TABLE make about
# 6,000 files); on tmpfs the server's work is steady, so what differs between runs is the tools.
stop_tmpfs_cluster() {
  run_as_pg "$PG_BIN/pg_ctl" -D "$TMPFS_CLUSTER/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$TMPFS_CLUSTER"
  TMPFS_CLUSTER=""
}
with_tmpfs_cluster() {  # COMMAND... — runs it with DATABASE_URL set
  TMPFS_CLUSTER=$(mktemp -d /dev/shm/retort-bench-pg-XXXXXX)
  give_to_pg "$TMPFS_CLUSTER"
  run_as_pg "$PG_BIN/initdb" -D "$TMPFS_CLUSTER/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb on tmpfs failed"; }
  run_as_pg "$PG_BIN/pg_ctl" -D "$TMPFS_CLUSTER/data" -l "$TMPFS_CLUSTER/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$TMPFS_CLUSTER' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" \
    start >/dev/null || { cat "$TMPFS_CLUSTER/server.log" >&2; die "the tmpfs cluster did not start"; }
  local rc=0
  DATABASE_URL="postgresql://postgres@/postgres?host=$TMPFS_CLUSTER" "$@" || rc=$?
  stop_tmpfs_cluster
  return $rc
}

# 5. The database workloads, each on its own throwaway cluster.
log "no-op current/status: $FAST_ROUNDS rounds (cluster with fsync off)"
"$RETORT" pgtemp -- "$BENCH/run.sh" --phase noop
log "upgrade/downgrade, fsync off: $ROUNDS rounds"
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ -x "$PG_BIN/initdb" ]; then
  CLUSTER_OFF="initdb/pg_ctl on tmpfs (/dev/shm), the settings of \`retort pgtemp\`"
  FSYNC=off with_tmpfs_cluster "$BENCH/run.sh" --phase migrate
else
  CLUSTER_OFF="\`retort pgtemp\` (no writable /dev/shm)"
  FSYNC=off "$RETORT" pgtemp -- env FSYNC=off "$BENCH/run.sh" --phase migrate
fi
log "upgrade/downgrade, fsync on: $ROUNDS_FSYNC rounds"
"$RETORT" pgtemp --fsync -- env FSYNC=on "$BENCH/run.sh" --phase migrate
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# 6. The table: medians, paired ratios, targets.
TABLE=$(awk -f "$BENCH/summarize.awk" "$TSV")

micro=""
if [ -n "$MICRO_IT" ] && [ -x "$MICRO" ]; then
  log "micro-benchmarks (Google Benchmark)"
  micro=$("$MICRO" --benchmark_min_time=0.2 2>/dev/null | sed -n '/^Benchmark/,$p' | grep -v '^---')
fi

source_state=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(cd "$ROOT" && git status --porcelain --untracked-files=no 2>/dev/null | wc -l)
[ "$dirty" = 0 ] || source_state+=" with uncommitted changes in $dirty files"
versions="retort $("$RETORT" --version 2>/dev/null | awk '{print $2}'), $("$PSQL" --version)"
[ -z "$HAVE_ALEMBIC" ] || versions+=", alembic $("$PY" -c 'import alembic; print(alembic.__version__)')"
[ -z "$HAVE_DBMATE" ] || versions+=", dbmate $("$DBMATE" --version | awk '{print $3}')"
ELAPSED=$(($(date +%s) - STARTED))
{
  echo "# retort benchmark results"
  echo
  echo "Written by \`$COMMAND\` on $(date -u '+%Y-%m-%d %H:%M UTC') in ${ELAPSED} s."
  echo "Source: commit $source_state (built by this run in build-bench/, Release)."
  echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), load average $LOAD_BEFORE before, $LOAD_AFTER after."
  echo "Versions: $versions. Rounds: $ROUNDS for upgrade/downgrade with fsync off, $ROUNDS_FSYNC with fsync on, $FAST_ROUNDS for the others."
  echo "Each ratio is the tool's wall time over the floor's in the same round; median and range over the rounds."
  echo "CPU s is the measured process's own user+system time (the server's work is not in it); max RSS is wait4's ru_maxrss."
  echo "Priority: $([ -n "${RETORT_BENCH_NICED:-}" ] && echo 'nice -10 (the clusters inherit it)' || echo 'normal')."
  echo "PostgreSQL: a throwaway cluster per workload. No-op commands: \`retort pgtemp\` (fsync, full_page_writes and"
  echo "synchronous_commit off). Upgrade/downgrade with fsync off: $CLUSTER_OFF. With fsync on: \`retort pgtemp --fsync\`"
  echo "(all three on; data on the disk). A CHECKPOINT and a sync before each timed upgrade/downgrade."
  echo
  echo "$TABLE"
  if [ -n "$micro" ]; then
    echo
    echo "Micro-benchmarks (\`build-bench/retort_micro\`, Google Benchmark; Time is wall, CPU is this process):"
    echo
    echo '```'
    echo "$micro"
    echo '```'
  fi
} >"$BENCH/RESULTS.md"
cp "$TSV" "$BUILD/bench-results.tsv"  # the raw rows, for a second look
echo
echo "$TABLE"
echo
log "done in ${ELAPSED} s; written to bench/RESULTS.md${KEEP:+ (workloads kept in $WORK)}"
