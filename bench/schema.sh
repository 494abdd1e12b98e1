#!/usr/bin/env bash
# bench/schema.sh — the schema engine's benchmarks, in one command: introspection (`retort dump`)
# beside `pg_dump --schema-only`, the catalog queries it sends, `retort check` end to end, and the
# Google Benchmark micro-benchmarks of diff, dump_sql and canonicalize.
#
#   bench/schema.sh [--quick] [--rounds N] [--check-rounds N] [--tables N] [--no-peers] [--no-build]
#                   [--no-micro] [--keep] [--no-nice]
#
# Builds retort in Release into build-bench/ (from bench/CMakeLists.txt, nice -n 10, -j2), writes
# three schemas with bench/gen_schema.sh (10, 100 and N tables, default 1,000: tables with a
# bigserial key, typed columns with defaults, a CHECK, a foreign key to an earlier table, two indexes
# one partial; N/10 views, N/10 plpgsql/sql functions, N/20 triggers, enums and domains), loads them
# into a throwaway cluster of its own (initdb/pg_ctl on tmpfs, the settings of `retort pgtemp`), and:
#   1. paired rounds of `pg_dump --schema-only -f /dev/null` (the floor) beside `retort dump URL` and
#      `retort dump URL --json` (stdout to /dev/null), at N and at 100 tables: median seconds, per-round
#      ratio to pg_dump (median and range), client CPU, max RSS; Alembic's MetaData.reflect() +
#      compare_metadata (bench/tools/alembic_compare.py) at N, once, for scale (unless --no-peers);
#   2. the statements each tool sends for one read at 10, 100 and N tables, counted twice: the lines
#      the server logs with log_statement=all, and pg_stat_statements' calls (the cluster restarted
#      with shared_preload_libraries=pg_stat_statements); the server time per query from the same
#      view; the client's socket writes (strace: round trips);
#   3. `retort check` end to end on bench/gen_workload.sh's 1,000-migration project with the live
#      database at head: dev_url on the same server, and dev_url = "pgtemp://" (a cluster of its own,
#      started and removed by each run), beside `psql -f` of the same migrations (the replay's floor)
#      and `retort upgrade head` on an empty database;
#   4. build-bench/retort_micro --benchmark_filter='Schema' (bench/micro/schema_bench.cpp).
# Prints the tables and writes them, with the command, the date, the commit and the machine's load,
# to bench/SCHEMA_RESULTS.md (raw rows: build-bench/schema-results.tsv).
#
#   --quick           fewer rounds (5 for dump, 2 for check)
#   --rounds N        rounds for the dump comparison (default 11)
#   --check-rounds N  rounds for check (default 3)
#   --tables N        the big schema's size (default 1000)
#   --fresh-timeout S stop retort's read of a just-loaded schema after S seconds (default 300)
#   --no-check        skip `retort check`
#   --profile         also callgrind the client of one `retort dump` and one `retort diff` at N tables
#                     (valgrind; files in build-bench/schema-profile/, totals in the results file)
#   --no-peers        skip Alembic
#   --no-build        use the retort already in build-bench/
#   --no-micro        skip the micro-benchmarks
#   --keep            keep the work folder (schemas, logs; its path is printed)
#   --no-nice         as root, the measuring runs under `nice -n -10` (the cluster inherits it); this
#                     turns that off
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$BENCH/cluster_user.sh"  # PG_USER, run_as_pg, give_to_pg
ROOT=$(dirname "$BENCH")
BUILD=$ROOT/build-bench
RETORT=$BUILD/retort/cli/retort
MEASURE=$BUILD/measure
MICRO=$BUILD/retort_micro
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PSQL=$PG_BIN/psql
PG_DUMP=$PG_BIN/pg_dump
PY=/usr/bin/python3

log() { printf '[schema-bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

COMMAND="bench/schema.sh${*:+ $*}"
ARGS=("$@")
NICE=1 ROUNDS=11 CHECK_ROUNDS=3 TABLES=1000 PEERS=1 BUILD_IT=1 MICRO_IT=1 KEEP="" CHECK_IT=1 FRESH_TIMEOUT=300 PROFILE=""
while [ $# -gt 0 ]; do
  case $1 in
    --quick) ROUNDS=5 CHECK_ROUNDS=2 ;;
    --rounds) ROUNDS=$2; shift ;;
    --check-rounds) CHECK_ROUNDS=$2; shift ;;
    --tables) TABLES=$2; shift ;;
    --fresh-timeout) FRESH_TIMEOUT=$2; shift ;;
    --no-check) CHECK_IT="" ;;
    --profile) PROFILE=1 ;;
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
COMMAND=${RETORT_BENCH_COMMAND:-$COMMAND}
STARTED=${RETORT_BENCH_STARTED:-$(date +%s)}

sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 ||
    { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1; }
}
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# 1. Build at low priority (other people's work goes first), then measure at high priority.
if [ -n "$BUILD_IT" ]; then
  [ -x "$ROOT/scripts/bootstrap.sh" ] && "$ROOT/scripts/bootstrap.sh"
  installed libbenchmark-dev || apt_install libbenchmark-dev || die "cannot install libbenchmark-dev"
  log "building retort (Release) in $BUILD, nice -n 10, -j2"
  gen=()
  [ -f "$BUILD/CMakeCache.txt" ] || { command -v ninja >/dev/null && gen=(-G Ninja); }
  mkdir -p "$BUILD"
  nice -n 10 cmake -S "$BENCH" -B "$BUILD" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release >"$BUILD/bench-build.log" 2>&1 ||
    { tail -30 "$BUILD/bench-build.log" >&2; die "cmake configure failed (log: $BUILD/bench-build.log)"; }
  nice -n 10 cmake --build "$BUILD" -j2 >>"$BUILD/bench-build.log" 2>&1 ||
    { grep -E 'error|FAILED' "$BUILD/bench-build.log" | head -30 >&2; die "build failed (log: $BUILD/bench-build.log)"; }
fi
[ -x "$RETORT" ] && [ -x "$MEASURE" ] || die "no $RETORT or $MEASURE: run without --no-build"
[ -x "$PSQL" ] && [ -x "$PG_DUMP" ] || die "psql/pg_dump not found in $PG_BIN (install postgresql)"
[ -x "$PG_BIN/initdb" ] || die "initdb not found in $PG_BIN (install postgresql)"
HAVE_ALEMBIC=""
if [ -n "$PEERS" ]; then
  if ! "$PY" -c 'import alembic, psycopg2' 2>/dev/null; then
    log "installing python3-alembic and python3-psycopg2 (Debian)"
    apt_install python3-alembic python3-psycopg2 || log "could not install them: Alembic is skipped"
  fi
  "$PY" -c 'import alembic, psycopg2' 2>/dev/null && HAVE_ALEMBIC=1
fi
command -v strace >/dev/null || apt_install strace || true

if [ -n "$NICE" ] && [ "$(id -u)" = 0 ] && [ -z "${RETORT_BENCH_NICED:-}" ]; then
  export RETORT_BENCH_NICED=1 RETORT_BENCH_COMMAND=$COMMAND RETORT_BENCH_STARTED=$STARTED
  rest=()
  for a in "${ARGS[@]}"; do [ "$a" = --no-build ] || rest+=("$a"); done
  exec nice -n -10 "$0" "${rest[@]}" --no-build
fi

# ---------------------------------------------------------------------------------------------
# The work folder, the cluster (tmpfs, as run.sh's fsync-off cluster), the timer.
# ---------------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/retort-schema-bench-XXXXXX)
chmod 755 "$WORK"
CLUSTER=""
SERVER_OPTS=""
start_cluster() {  # [EXTRA SERVER OPTIONS]
  run_as_pg "$PG_BIN/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$CLUSTER' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200 $*" \
    start >/dev/null || { tail -20 "$CLUSTER/server.log" >&2; die "the cluster did not start"; }
}
stop_cluster() { run_as_pg "$PG_BIN/pg_ctl" -D "$CLUSTER/data" -m fast -w stop >/dev/null 2>&1 || true; }
cleanup() {
  if [ -n "$CLUSTER" ]; then
    stop_cluster
    rm -rf "$CLUSTER"
  fi
  [ -n "$KEEP" ] || rm -rf "$WORK"
}
trap cleanup EXIT

CLUSTER=$(mktemp -d /dev/shm/retort-schema-bench-pg-XXXXXX)
give_to_pg "$CLUSTER"
run_as_pg "$PG_BIN/initdb" -D "$CLUSTER/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$WORK/initdb.log" 2>&1 ||
  { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
start_cluster
URL="postgresql://postgres@/postgres?host=$CLUSTER"
db_url() { printf 'postgresql://postgres@/%s?host=%s' "$1" "$CLUSTER"; }
alembic_url() { printf 'postgresql+psycopg2://postgres@/%s?host=%s' "$1" "$CLUSTER"; }
admin() { PGOPTIONS='-c client_min_messages=warning' "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$URL" -c "$1" >/dev/null; }
create_db() { admin "DROP DATABASE IF EXISTS $1"; admin "CREATE DATABASE $1"; }

TSV=$WORK/results.tsv
: >"$TSV"
# run GROUP TOOL ROUND COMMAND... — one timed process (measure: fork to wait4, stdout/stderr to files
# in $WORK); appends "group, tool, round, wall s, max RSS KiB, CPU s" to the TSV.
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
floor_first() { [ $(($1 % 2)) = 1 ]; }

# A folder for retort's cwd (no retort.toml there: `retort dump URL` needs no project) and its cache.
mkdir -p "$WORK/cwd" "$WORK/cache"
export XDG_CACHE_HOME=$WORK/cache
cd "$WORK/cwd"
# DEV_TOML points dev_url at the server being read (nothing is created there: only the introspection
# is measured); the "default dev_url" rows measure the command as it ships, with dev_url = pgtemp://
# (which starts a cluster only when a scratch database is needed: never for `dump URL`).
DEV_TOML=$WORK/dev.toml
printf 'dev_url = "%s"\n' "$URL" >"$DEV_TOML"

# ---------------------------------------------------------------------------------------------
# 2. The schemas.
# ---------------------------------------------------------------------------------------------
SIZES=(10 100 "$TABLES")
for n in "${SIZES[@]}"; do
  log "schema of $n tables: generating and loading"
  "$BENCH/gen_schema.sh" "$n" >"$WORK/schema$n.sql"
  create_db "s$n"
  PGOPTIONS='-c client_min_messages=warning' "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(db_url "s$n")" -1 -f "$WORK/schema$n.sql" >/dev/null ||
    die "loading $WORK/schema$n.sql failed"
  # A live database's catalogs have statistics: give these theirs (both tools' plans depend on them).
  "$PSQL" -X -q -d "$(db_url "s$n")" -c "VACUUM ANALYZE" >/dev/null
done
BIG=s$TABLES
objects=$("$PSQL" -X -At -d "$(db_url "$BIG")" -c "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r') || ' tables, ' ||
  (SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public') || ' indexes (primary keys included), ' ||
  (SELECT count(*) FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = 'public' AND k.contype = 'f') || ' foreign keys, ' ||
  (SELECT count(*) FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = 'public' AND k.contype = 'c') || ' checks (domains'' included), ' ||
  (SELECT count(*) FROM pg_views WHERE schemaname = 'public') || ' views, ' ||
  (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public') || ' functions, ' ||
  (SELECT count(*) FROM pg_trigger t WHERE NOT t.tgisinternal) || ' triggers, ' ||
  (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'S') || ' sequences, ' ||
  (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e') || ' enums, ' ||
  (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'd') || ' domains'")
log "$BIG: $objects"

# Does the introspector work? (It is the thing under test: stop here if it does not.)
if ! "$RETORT" -c "$DEV_TOML" dump "$(db_url s10)" >"$WORK/dump10.sql" 2>"$WORK/dump10.err"; then
  sed 's/^/    /' "$WORK/dump10.err" | tail -20 >&2
  die "retort dump fails on the 10-table schema: nothing to measure"
fi
# The dumps, kept for a look (and a sanity check: every table is in it).
"$RETORT" -c "$DEV_TOML" dump "$(db_url "$BIG")" >"$WORK/dump$TABLES.sql"
"$RETORT" -c "$DEV_TOML" dump "$(db_url "$BIG")" --json >"$WORK/dump$TABLES.json"
"$PG_DUMP" --schema-only -f "$WORK/pg_dump$TABLES.sql" -d "$(db_url "$BIG")"
dumped_tables=$(grep -c '^CREATE TABLE' "$WORK/dump$TABLES.sql" || true)
[ "$dumped_tables" -ge "$TABLES" ] || log "warning: retort dump wrote $dumped_tables CREATE TABLE for $TABLES tables"
# A dump read back and dumped again is the same schema: retort's dump loads cleanly and diffs as equal.
create_db reload
if "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(db_url reload)" -1 -f "$WORK/dump$TABLES.sql" >/dev/null 2>"$WORK/reload.err"; then
  "$PSQL" -X -q -d "$(db_url reload)" -c "VACUUM ANALYZE" >/dev/null
  if "$RETORT" -c "$DEV_TOML" diff "$(db_url "$BIG")" "$(db_url reload)" --exit-code >"$WORK/reload.diff" 2>&1; then ROUNDTRIP="equal"
  else ROUNDTRIP="**differs** ($(grep -vc '^--' "$WORK/reload.diff" || true) lines of SQL)"; fi
else
  ROUNDTRIP="**does not load**: $(head -c 300 "$WORK/reload.err" | tr '\n' ' ')"
fi
admin "DROP DATABASE reload"
log "retort dump of $BIG loaded into an empty database and diffed against $BIG: $ROUNDTRIP"
# The micro-benchmarks' synthetic models (bench/micro/schema_model.hpp) against the introspector: the
# first must dump as the generated schema reads back; the second (~5% different) must load and read
# back as itself. Its database, c$TABLES, is also the other side of the end-to-end `retort diff` below.
MODEL_CHECK="not checked (no $BUILD/schema_model)"
if [ -x "$BUILD/schema_model" ]; then
  "$BUILD/schema_model" "$TABLES" >"$WORK/model$TABLES.sql"
  "$BUILD/schema_model" "$TABLES" changed >"$WORK/model$TABLES.changed.sql"
  if cmp -s "$WORK/model$TABLES.sql" "$WORK/dump$TABLES.sql"; then MODEL_CHECK="model($TABLES) dumps byte-identically to retort dump of $BIG"
  else MODEL_CHECK="**model($TABLES) differs from retort dump of $BIG** ($(diff "$WORK/model$TABLES.sql" "$WORK/dump$TABLES.sql" | grep -c '^[<>]') lines)"; fi
  create_db "c$TABLES"
  if "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(db_url "c$TABLES")" -1 -f "$WORK/model$TABLES.changed.sql" >/dev/null 2>"$WORK/model.err"; then
    "$PSQL" -X -q -d "$(db_url "c$TABLES")" -c "VACUUM ANALYZE" >/dev/null
    "$RETORT" -c "$DEV_TOML" dump "$(db_url "c$TABLES")" >"$WORK/dumpc$TABLES.sql"
    if cmp -s "$WORK/model$TABLES.changed.sql" "$WORK/dumpc$TABLES.sql"; then MODEL_CHECK+="; the changed model loads and reads back byte-identically"
    else MODEL_CHECK+="; **the changed model reads back differently**"; fi
  else
    MODEL_CHECK+="; **the changed model does not load**: $(head -c 200 "$WORK/model.err" | tr '\n' ' ')"
  fi
fi
log "micro-benchmark models: $MODEL_CHECK"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------
# 3. Paired rounds: pg_dump --schema-only (floor) beside retort dump (SQL and JSON).
# ---------------------------------------------------------------------------------------------
dump_rounds() {  # SIZE ROUNDS [default] — "default": also the command as it ships (dev_url pgtemp://)
  local n=$1 rounds=$2 shipped=${3:-} url; url=$(db_url "s$1")
  local floor=("dump$n" "pg_dump --schema-only")
  # one untimed run of each: the catalogs in shared buffers, the binaries in the page cache
  "$PG_DUMP" --schema-only -f /dev/null -d "$url"; "$RETORT" -c "$DEV_TOML" dump "$url" >/dev/null
  for ((r = 1; r <= rounds; r++)); do
    floor_first "$r" && run "${floor[@]}" "$r" "$PG_DUMP" --schema-only -f /dev/null -d "$url"
    run "dump$n" "retort dump" "$r" "$RETORT" -c "$DEV_TOML" dump "$url"
    run "dump$n" "retort dump --json" "$r" "$RETORT" -c "$DEV_TOML" dump "$url" --json
    [ -z "$shipped" ] || run "dump$n" "retort dump, default dev_url (pgtemp://, unused)" "$r" "$RETORT" dump "$url"
    floor_first "$r" || run "${floor[@]}" "$r" "$PG_DUMP" --schema-only -f /dev/null -d "$url"
  done
}
log "dump, $TABLES tables: $ROUNDS paired rounds"
dump_rounds "$TABLES" "$ROUNDS" default
log "dump, 100 tables: $ROUNDS paired rounds"
dump_rounds 100 "$ROUNDS"
if [ -f "$WORK/dumpc$TABLES.sql" ]; then
  DIFF_ROUNDS=$(((ROUNDS + 1) / 2))
  log "diff of two $TABLES-table databases (~5% different) end to end: $DIFF_ROUNDS rounds"
  "$RETORT" -c "$DEV_TOML" diff "$(db_url "$BIG")" "$(db_url "c$TABLES")" >"$WORK/diff$TABLES.sql"
  for ((r = 1; r <= DIFF_ROUNDS; r++)); do
    run "diff$TABLES" "retort diff (two reads and the diff)" "$r" "$RETORT" -c "$DEV_TOML" diff "$(db_url "$BIG")" "$(db_url "c$TABLES")"
  done
fi
if [ -n "$HAVE_ALEMBIC" ]; then
  log "Alembic reflect + compare_metadata, $TABLES tables: one run"
  # (its ratio is to pg_dump's median: one Alembic run costs as much as all the rounds above)
  run "dump$TABLES" "alembic reflect + compare_metadata" alembic env ALEMBIC_URL="$(alembic_url "$BIG")" "$PY" "$BENCH/tools/alembic_compare.py"
  tail -1 "$WORK/last.err" >"$WORK/alembic.out"
fi

# Fresh catalogs: the same schema loaded into a new database whose catalogs have no statistics yet
# (autovacuum off for this part, so that it stays that way), as every scratch database of `check`,
# `diff` and `revision --autogenerate` is when it is read right after its migrations or schema file
# ran. One run each, in a round with pg_dump; retort is stopped after FRESH_TIMEOUT seconds.
fresh_run() {  # SIZE
  local n=$1 out secs rss rc cpu
  create_db "f$n"
  PGOPTIONS='-c client_min_messages=warning' "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(db_url "f$n")" -1 -f "$WORK/schema$n.sql" >/dev/null
  run "fresh$n" "pg_dump --schema-only" 1 "$PG_DUMP" --schema-only -f /dev/null -d "$(db_url "f$n")"
  out=$("$MEASURE" -e "$WORK/last.err" -- timeout "$FRESH_TIMEOUT" "$RETORT" -c "$DEV_TOML" dump "$(db_url "f$n")")
  read -r secs rss rc cpu <<<"$out"
  if [ "$rc" = 124 ]; then
    log "retort dump of f$n (fresh catalogs) stopped after $FRESH_TIMEOUT s"
    # its query would run on in the server until it next wrote to the socket that is gone
    admin "SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity WHERE datname = 'f$n'"
    printf 'fresh%s\t%s\t1\t%s\t%s\t%s\n' "$n" "retort dump (stopped at the time limit)" "$secs" "$rss" "$cpu" >>"$TSV"
  elif [ "$rc" = 0 ]; then
    printf 'fresh%s\t%s\t1\t%s\t%s\t%s\n' "$n" "retort dump" "$secs" "$rss" "$cpu" >>"$TSV"
  else
    log "retort dump of f$n exited $rc"; tail -5 "$WORK/last.err" >&2
  fi
  admin "DROP DATABASE f$n"
}
admin "ALTER SYSTEM SET autovacuum = off"; admin "SELECT pg_reload_conf()"
for n in 100 "$TABLES"; do
  log "dump of a freshly loaded $n-table schema (catalogs without statistics): one run each, retort limited to $FRESH_TIMEOUT s"
  fresh_run "$n"
done
admin "ALTER SYSTEM RESET autovacuum"; admin "SELECT pg_reload_conf()"

# ---------------------------------------------------------------------------------------------
# 4. check end to end on the 1,000-migration project.
# ---------------------------------------------------------------------------------------------
CHECK_RC=skipped
if [ -n "$CHECK_IT" ]; then
log "check: generating the 1,000-migration project and bringing a database to head"
"$BENCH/gen_workload.sh" "$WORK" 1000 10 >/dev/null
P=$WORK/line/retort
printf 'migrations = "migrations"\ndev_url = "%s"\n' "$URL" >"$P/retort-dev.toml"
printf 'migrations = "migrations"\ndev_url = "pgtemp://"\n' >"$P/retort-pgtemp.toml"
create_db live
"$RETORT" -c "$P/retort-dev.toml" --url "$(db_url live)" upgrade head 2>"$WORK/setup.err" ||
  { cat "$WORK/setup.err" >&2; die "retort upgrade head (setup) failed"; }
"$PSQL" -X -q -d "$(db_url live)" -c "VACUUM ANALYZE" >/dev/null  # a live database has been around: its catalogs have statistics
sleep 3  # past the folder cache's racy window for the files just written
"$RETORT" -c "$P/retort-dev.toml" --url "$(db_url live)" status >/dev/null  # the cache filled, as a deploy's previous run would
CHECK_RC=0
"$RETORT" -c "$P/retort-dev.toml" --url "$(db_url live)" check >"$WORK/check.out" 2>&1 || CHECK_RC=$?
[ "$CHECK_RC" = 0 ] || { log "retort check exits $CHECK_RC on a database at head (expected 0):"; head -20 "$WORK/check.out" >&2; }
check_run() {  # TOOL ROUND COMMAND... — check exits 1 when it finds differences: that is a result, not a failure
  local tool=$1 r=$2
  shift 2
  local out secs rss rc cpu
  out=$("$MEASURE" -o "$WORK/check.last" -e "$WORK/check.err" -- "$@")
  read -r secs rss rc cpu <<<"$out"
  if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
    log "$tool (round $r) exited $rc"; tail -20 "$WORK/check.err" >&2; return 1
  fi
  printf 'check\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$r" "$secs" "$rss" "$cpu" >>"$TSV"
}
# The replay's floor: psql running the same 1,000 migrations (one transaction each) on an empty database.
for ((r = 1; r <= CHECK_ROUNDS; r++)); do
  log "check: round $r of $CHECK_ROUNDS"
  create_db c_floor; create_db c_up
  admin "CHECKPOINT"
  floor_first "$r" && run check "psql -f (replay floor: 1,000 migrations)" "$r" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(db_url c_floor)" -f "$WORK/line/floor_up.sql"
  admin "CHECKPOINT"
  run check "retort upgrade head (empty database)" "$r" "$RETORT" -c "$P/retort-dev.toml" --url "$(db_url c_up)" upgrade head
  admin "CHECKPOINT"
  check_run "retort check (dev_url: same server)" "$r" "$RETORT" -c "$P/retort-dev.toml" --url "$(db_url live)" check
  admin "CHECKPOINT"
  check_run "retort check (dev_url: pgtemp://)" "$r" "$RETORT" -c "$P/retort-pgtemp.toml" --url "$(db_url live)" check
  admin "CHECKPOINT"
  floor_first "$r" || run check "psql -f (replay floor: 1,000 migrations)" "$r" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(db_url c_floor)" -f "$WORK/line/floor_up.sql"
  admin "DROP DATABASE c_floor"; admin "DROP DATABASE c_up"
done
leftover=$("$PSQL" -X -At -d "$URL" -c "SELECT count(*) FROM pg_database WHERE datname LIKE 'retort_scratch_%'")
[ "$leftover" = 0 ] || log "warning: $leftover scratch databases left behind by check"
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------
# 5. Statements per read, counted for real: log_statement=all and pg_stat_statements.
# ---------------------------------------------------------------------------------------------
log "counting statements: restarting the cluster with log_statement=all and pg_stat_statements"
stop_cluster
start_cluster "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_utility=on -c pg_stat_statements.max=10000 -c log_statement=all"
admin "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"   # in the postgres database only: not in the schemas read
SLOG=$CLUSTER/server.log
COUNTS=$WORK/counts.tsv
: >"$COUNTS"
mark() { sleep 0.3; wc -l <"$SLOG"; }
# The introspector's catalog queries each start with a comment that names them
# (/* retort catalog: NAME */); any other statement is named by its first words.
STATEMENT_LABEL=$(cat <<'SQL'
CASE
  WHEN query ~ '^/\* retort catalog: ' THEN 'catalog query: ' || substring(query from '^/\* retort catalog: ([^*]*[^ *]) *\*/')
  ELSE '`' || replace(regexp_replace(left(query, 110), '\s+', ' ', 'g'), '|', '\|') || CASE WHEN length(query) > 110 THEN '…' ELSE '' END || '`'
END
SQL
)
# count NAME DB COMMAND... — runs it once; the statements the server logged for database DB (lines
# "LOG:  statement:" / "LOG:  execute"), pg_stat_statements' calls in DB, and its server time.
count() {
  local name=$1 db=$2
  shift 2
  local m pgss logged ms catalog rc=0
  admin "SELECT pg_stat_statements_reset()"
  m=$(mark)
  "$@" >/dev/null 2>"$WORK/count.err" || rc=$?
  [ "$rc" = 0 ] || { log "$name exited $rc"; tail -5 "$WORK/count.err" >&2; }
  sleep 0.3
  tail -n +$((m + 1)) "$SLOG" | grep -E 'LOG:  (statement|execute)' | sed 's/^[^L]*LOG:  //' >"$WORK/statements.$name"
  logged=$(wc -l <"$WORK/statements.$name")
  read -r pgss ms catalog < <("$PSQL" -X -At -F ' ' -d "$URL" -c "SELECT coalesce(sum(calls), 0), round(coalesce(sum(total_exec_time), 0)::numeric, 1), coalesce(sum(calls) FILTER (WHERE query ~ '^/\\* retort catalog: '), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '$db'")
  "$PSQL" -X -At -F $'\t' -d "$URL" -c "SELECT round(total_exec_time::numeric, 1), calls, $STATEMENT_LABEL FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '$db' ORDER BY total_exec_time DESC LIMIT 16" >"$WORK/top.$name"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$logged" "$pgss" "$ms" "$catalog" >>"$COUNTS"
}
# round trips: the client's bursts of writes to the server socket (strace: sendto calls with no read
# between them count once; a libpq pipeline is one burst however many writes it takes), counted per
# thread (retort reads on two sessions, the second from its own thread) and summed. Connection
# start-up and the closing Terminate message are bursts too.
sends() {
  strace -f -qq -e trace=sendto,recvfrom -o "$WORK/strace.$1" "${@:2}" >/dev/null 2>&1 || true
  awk '{ t = $1 } /sendto\(/ { if (!sending[t]) n++; sending[t] = 1; next } /recvfrom\(/ { sending[t] = 0 } END { print n + 0 }' "$WORK/strace.$1"
}
for n in "${SIZES[@]}"; do
  url=$(db_url "s$n")
  count "retort_dump_$n" "s$n" "$RETORT" -c "$DEV_TOML" dump "$url"
  count "retort_json_$n" "s$n" "$RETORT" -c "$DEV_TOML" dump "$url" --json
  count "pg_dump_$n" "s$n" "$PG_DUMP" --schema-only -f /dev/null -d "$url"
  [ -z "$HAVE_ALEMBIC" ] || count "alembic_$n" "s$n" env ALEMBIC_URL="$(alembic_url "s$n")" "$PY" "$BENCH/tools/alembic_compare.py"
done
admin "ALTER SYSTEM SET log_statement = 'none'"; admin "SELECT pg_reload_conf()"
RT_RETORT=""; RT_PGDUMP=""
if command -v strace >/dev/null; then
  RT_RETORT=$(sends retort "$RETORT" -c "$DEV_TOML" dump "$(db_url "$BIG")")
  RT_PGDUMP=$(sends pg_dump "$PG_DUMP" --schema-only -f /dev/null -d "$(db_url "$BIG")")
fi

# ---------------------------------------------------------------------------------------------
# 5b. Profiles (--profile): the client's own instructions (callgrind; the server is not in them) for
#     one read (retort dump) and one end-to-end diff at N tables, and where they go.
# ---------------------------------------------------------------------------------------------
PROFILE_TEXT=""
if [ -n "$PROFILE" ]; then
  command -v valgrind >/dev/null || apt_install valgrind || log "no valgrind: --profile is skipped"
fi
if [ -n "$PROFILE" ] && command -v valgrind >/dev/null; then
  log "callgrind: retort dump and retort diff at $TABLES tables (a few minutes)"
  PD=$BUILD/schema-profile
  rm -rf "$PD"; mkdir -p "$PD"
  cg() { local name=$1; shift; valgrind --tool=callgrind --callgrind-out-file="$PD/callgrind.$name" "$@" >/dev/null 2>"$PD/$name.log" || true; }
  cg dump "$RETORT" -c "$DEV_TOML" dump "$(db_url "$BIG")"
  [ ! -f "$WORK/dumpc$TABLES.sql" ] || cg diff "$RETORT" -c "$DEV_TOML" diff "$(db_url "$BIG")" "$(db_url "c$TABLES")"
  # name|pattern: inclusive instructions of the first function whose name matches (callgrind_annotate)
  parts='whole process|\?\?\?:main( |$)
PgIntrospector::read (catalog batches, decoding, dependencies)|\?\?\?:retort::PgIntrospector::read\(
  decode_catalog (rows into the model)|\?\?\?:retort::pg::decode_catalog\(
  resolve_dependencies (pg_depend rows, function bodies)|\?\?\?:retort::pg::resolve_dependencies\(
  canonicalize|\?\?\?:retort::schema::canonicalize\(
schema::dump_sql (dump only: it orders by diffing against an empty schema)|\?\?\?:retort::schema::dump_sql
schema::diff|\?\?\?:retort::schema::diff\(
  creation_order (both sides)|\?\?\?:retort::schema::creation_order
  Differ::Differ (id sets, order nodes)|\?\?\?:retort::schema::Differ::Differ\(
  apply_renames (copy + canonicalize)|\?\?\?:retort::schema::apply_renames\(
  mark_replacements|\?\?\?:retort::schema::mark_replacements\(
  diff_tables|\?\?\?:retort::schema::diff_tables\('
  for name in dump diff; do
    f=$PD/callgrind.$name
    [ -f "$f" ] || continue
    callgrind_annotate --inclusive=yes "$f" 2>/dev/null >"$PD/$name.annotate" || continue
    PROFILE_TEXT+=$'\n'"| \`retort $name\`, $TABLES tables | instructions |"$'\n'"|---|---:|"$'\n'
    while IFS='|' read -r label pattern; do
      n=$(grep -E "$pattern" "$PD/$name.annotate" | head -1 | awk '{print $1}' || true)
      [ -n "$n" ] && PROFILE_TEXT+="| ${label//  /  ↳ } | $n |"$'\n'
    done <<<"$parts"
  done
fi

# ---------------------------------------------------------------------------------------------
# 6. Micro-benchmarks, tables, the results file.
# ---------------------------------------------------------------------------------------------
micro=""
if [ -n "$MICRO_IT" ] && [ -x "$MICRO" ]; then
  log "micro-benchmarks: schema_bench (Google Benchmark)"
  micro=$("$MICRO" --benchmark_filter='Schema' --benchmark_min_time=0.5 2>/dev/null | sed -n '/^Benchmark/,$p' | grep -v '^---')
fi

TABLE=$(awk -f "$BENCH/schema_summarize.awk" -v tables="$TABLES" "$TSV")
QUERIES=$(awk -F'\t' -v rt_retort="$RT_RETORT" -v rt_pgdump="$RT_PGDUMP" -v big="$TABLES" '
  { split($1, p, "_"); size = p[length(p)]; tool = $1; sub("_" size "$", "", tool)
    logged[tool, size] = $2; pgss[tool, size] = $3; ms[tool, size] = $4; catalog[tool, size] = $5
    if (!(tool in seen)) { seen[tool] = 1; order[++nt] = tool }
    if (!(size in sseen)) { sseen[size] = 1; sizes[++ns] = size } }
  END {
    name["retort_dump"] = "retort dump"; name["retort_json"] = "retort dump --json"
    name["pg_dump"] = "pg_dump --schema-only"; name["alembic"] = "Alembic reflect + compare_metadata"
    printf "| tool |"; for (s = 1; s <= ns; s++) printf " %s tables: statements (log / pg_stat_statements) |", sizes[s]
    printf " server time at %s tables |\n|---|", big; for (s = 1; s <= ns; s++) printf "---:|"; print "---:|"
    for (t = 1; t <= nt; t++) {
      k = order[t]; printf "| %s |", name[k]
      for (s = 1; s <= ns; s++) printf " %s / %s%s |", logged[k, sizes[s]], pgss[k, sizes[s]], (catalog[k, sizes[s]] > 0 ? " (" catalog[k, sizes[s]] " catalog queries)" : "")
      printf " %s ms |\n", ms[k, big]
    }
  }' "$COUNTS")
TOP_RETORT=$(awk -F'\t' '{ printf "| %s | %s | %s |\n", $1, $2, $3 }' "$WORK/top.retort_dump_$TABLES")
TOP_PGDUMP=$(awk -F'\t' 'NR <= 8 { printf "| %s | %s | %s |\n", $1, $2, $3 }' "$WORK/top.pg_dump_$TABLES")

source_state=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(cd "$ROOT" && git status --porcelain 2>/dev/null | grep -cE '^( M|M |\?\?) (src|include|cli)/' || true)
[ "$dirty" = 0 ] || source_state+=" with $dirty uncommitted or untracked files in src/, include/, cli/ (others' work in progress, built as it was)"
versions="retort $("$RETORT" --version 2>/dev/null | awk '{print $2}'), $("$PG_DUMP" --version)"
[ -z "$HAVE_ALEMBIC" ] || versions+=", Alembic $("$PY" -c 'import alembic; print(alembic.__version__)'), SQLAlchemy $("$PY" -c 'import sqlalchemy; print(sqlalchemy.__version__)')"
ELAPSED=$(($(date +%s) - STARTED))
{
  echo "# retort schema engine benchmark results"
  echo
  echo "Written by \`$COMMAND\` on $(date -u '+%Y-%m-%d %H:%M UTC') in ${ELAPSED} s."
  echo "Source: commit $source_state (built in build-bench/, Release)."
  echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), load average $LOAD_BEFORE before the timed runs, $LOAD_AFTER after."
  echo "Versions: $versions. Rounds: $ROUNDS for dump, $CHECK_ROUNDS for check."
  echo "Priority: $([ -n "${RETORT_BENCH_NICED:-}" ] && echo 'nice -10 (the cluster inherits it)' || echo 'normal')."
  echo "Cluster: initdb/pg_ctl on tmpfs (/dev/shm), fsync, full_page_writes and synchronous_commit off, unix socket; catalogs VACUUM ANALYZEd after loading."
  echo "Schema $BIG (bench/gen_schema.sh $TABLES): $objects."
  echo "retort dump of $BIG, loaded into an empty database and diffed against $BIG: $ROUNDTRIP."
  echo "Micro-benchmark models (bench/micro/schema_model.hpp): $MODEL_CHECK."
  [ ! -f "$WORK/diff$TABLES.sql" ] || echo "retort diff $BIG → c$TABLES (the changed model loaded): $(grep -c ';$' "$WORK/diff$TABLES.sql") statements."
  [ -z "$HAVE_ALEMBIC" ] || echo "Alembic: $(cat "$WORK/alembic.out" 2>/dev/null)."
  [ "$CHECK_RC" = skipped ] || echo "check on a database at head: exit $CHECK_RC$([ "$CHECK_RC" = 0 ] || echo " (expected 0: $(head -3 "$WORK/check.out" | tr '\n' ' '))")."
  echo
  echo "Each ratio is the tool's wall time over the floor's in the same round (the order alternates); median and range."
  echo "CPU s is the measured process's own user+system time (the server's is not in it); max RSS is wait4's ru_maxrss"
  echo "(for check with pgtemp:// it includes initdb, a child it waits for)."
  echo
  echo "$TABLE"
  echo
  echo "Statements the server received for one read (log_statement=all lines / pg_stat_statements calls, utility"
  echo "statements included); server time is pg_stat_statements' total_exec_time of that read."
  echo "Round trips at $TABLES tables (the client's bursts of socket writes, strace; connection start-up and close included): retort dump ${RT_RETORT:-?}, pg_dump ${RT_PGDUMP:-?}."
  echo
  echo "$QUERIES"
  echo
  echo "retort dump at $TABLES tables, each statement's server time (pg_stat_statements):"
  echo
  echo "| ms | calls | statement |"
  echo "|---:|---:|---|"
  echo "$TOP_RETORT"
  echo
  echo "pg_dump at $TABLES tables, its costliest statements:"
  echo
  echo "| ms | calls | statement |"
  echo "|---:|---:|---|"
  echo "$TOP_PGDUMP"
  if [ -n "$PROFILE_TEXT" ]; then
    echo
    echo "Client instructions (callgrind, \`--profile\`; the server's work is not in them; inclusive counts; files in build-bench/schema-profile/):"
    echo "$PROFILE_TEXT"
  fi
  if [ -n "$micro" ]; then
    echo
    echo "Micro-benchmarks (\`build-bench/retort_micro --benchmark_filter=Schema\`, Google Benchmark; Time is wall, CPU is this process):"
    echo
    echo '```'
    echo "$micro"
    echo '```'
  fi
} >"$BENCH/SCHEMA_RESULTS.md"
cp "$TSV" "$BUILD/schema-results.tsv"
cp "$COUNTS" "$BUILD/schema-counts.tsv"
echo
echo "$TABLE"
echo
echo "$QUERIES"
[ -z "$micro" ] || { echo; echo "$micro"; }
echo
log "done in ${ELAPSED} s; written to bench/SCHEMA_RESULTS.md${KEEP:+ (work folder kept: $WORK)}"
