#!/usr/bin/env bash
# bench/stream.sh — memory and time of one large data migration (issue 12 part 2), retort beside
# `psql -1 -f` on the same file, paired in each round.
#
#   bench/stream.sh [--rounds N] [--sizes "100000 1000000"] [--no-gb] [--no-build] [--retort PATH] [--keep]
#
# Generates, in a temporary folder outside the repository (mktemp -d under $TMPDIR or /tmp):
#   - for each N in --sizes: a migration of N single-row INSERTs (~44 bytes each, the issue's form);
#   - unless --no-gb: a ~1 GB migration of 100,000 INSERTs of one ~10 KB row each.
# The file is a migration (header, "-- migrate:up", no down section), which psql reads as comments
# and statements. Each round, on a fresh database with the table already made (untimed): `psql -X
# -q -1 -v ON_ERROR_STOP=1 -f FILE` and `retort upgrade head` (its own version tables included),
# the order alternating. Peak RSS and wall time from `/usr/bin/time -f '%e %M %U %S'`. The cluster is
# the one bench/run.sh uses for its fsync-off rows: initdb/pg_ctl with its data on tmpfs (/dev/shm),
# fsync, full_page_writes and synchronous_commit off, a unix socket only.
# Prints one line per run and a summary (median seconds, median paired ratio, largest RSS) that
# bench/README.md and README.md quote.
#
#   --rounds N     rounds per size (default 3; the 1 GB file: 1)
#   --no-build     use the retort already in build-bench/ (or --retort PATH)
#   --retort PATH  measure this binary (e.g. another checkout's build-bench) instead
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$BENCH/cluster_user.sh"  # run_as_pg, give_to_pg
ROOT=$(dirname "$BENCH")
BUILD=$ROOT/build-bench
RETORT=$BUILD/retort/cli/retort
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PSQL=$PG_BIN/psql
ROUNDS=3 SIZES="100000 1000000" GB=1 BUILD_IT=1 KEEP=""

log() { printf '[stream %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --rounds) ROUNDS=$2; shift ;;
    --sizes) SIZES=$2; shift ;;
    --no-gb) GB="" ;;
    --no-build) BUILD_IT="" ;;
    --retort) RETORT=$(realpath "$2"); BUILD_IT=""; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
  shift
done

if [ -n "$BUILD_IT" ]; then
  log "building retort (Release) in $BUILD"
  mkdir -p "$BUILD"
  gen=()
  [ -f "$BUILD/CMakeCache.txt" ] || { command -v ninja >/dev/null && gen=(-G Ninja); }
  cmake -S "$BENCH" -B "$BUILD" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release >"$BUILD/stream-build.log" 2>&1 ||
    { tail -30 "$BUILD/stream-build.log" >&2; die "cmake configure failed"; }
  # The machine's builds share one lock (two cores): never two at once.
  flock /tmp/retort-build.lock cmake --build "$BUILD" -j2 --target retort >>"$BUILD/stream-build.log" 2>&1 ||
    { grep -E 'error|FAILED' "$BUILD/stream-build.log" | head -30 >&2; die "build failed"; }
fi
[ -x "$RETORT" ] || die "no $RETORT: run without --no-build"
[ -x /usr/bin/time ] || die "/usr/bin/time is needed (Debian: apt-get install time)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/retort-stream-XXXXXX")
CLUSTER=""
cleanup() {
  [ -z "$CLUSTER" ] || run_as_pg "$PG_BIN/pg_ctl" -D "$CLUSTER/data" -m fast -w stop >/dev/null 2>&1 || true
  [ -z "$CLUSTER" ] || rm -rf "$CLUSTER"
  if [ -n "$KEEP" ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# The workloads (awk: no pipes of a gigabyte through the shell).
gen_rows() {  # N FILE — N single-row INSERTs
  awk -v n="$1" 'BEGIN {
    print "-- revision: data\n-- down_revision: none\n-- message: seed data\n-- migrate:up"
    for (i = 1; i <= n; i++) printf "INSERT INTO t VALUES (%d, '\''row %d'\'');\n", i, i
  }' >"$2"
}
gen_gb() {  # FILE — 100,000 INSERTs of a ~10 KB value each (~1 GB)
  awk 'BEGIN {
    print "-- revision: data\n-- down_revision: none\n-- message: a gigabyte\n-- migrate:up"
    pad = "x"; while (length(pad) < 10700) pad = pad pad; pad = substr(pad, 1, 10700)
    for (i = 1; i <= 100000; i++) printf "INSERT INTO t VALUES (%d, '\''%d %s'\'');\n", i, i, pad
  }' >"$1"
}

CLUSTER=$(mktemp -d /dev/shm/retort-stream-pg-XXXXXX)
give_to_pg "$CLUSTER"
run_as_pg "$PG_BIN/initdb" -D "$CLUSTER/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$WORK/initdb.log" 2>&1 ||
  { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
run_as_pg "$PG_BIN/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/server.log" -w -t 60 \
  -o "-c listen_addresses='' -c unix_socket_directories='$CLUSTER' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_wal_size=4GB" \
  start >/dev/null || { cat "$CLUSTER/server.log" >&2; die "the cluster did not start"; }
admin() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$CLUSTER" -U postgres -d postgres -c "$1" >/dev/null; }
fresh_db() {
  PGOPTIONS="-c client_min_messages=warning" admin "DROP DATABASE IF EXISTS bench"
  admin "CREATE DATABASE bench"
  "$PSQL" -X -q -h "$CLUSTER" -U postgres -d bench -c "CREATE TABLE t (id int PRIMARY KEY, note text)" >/dev/null
  admin "CHECKPOINT"
}
URL="postgresql://postgres@/bench?host=$CLUSTER"

RESULTS=$WORK/results.tsv
timed() {  # LABEL SIZE ROUND COMMAND... — one timed process: a row "label size round secs rss_kb cpu"
  local label=$1 size=$2 round=$3
  shift 3
  fresh_db
  if ! /usr/bin/time -f '%e %M %U %S' -o "$WORK/time.out" "$@" >"$WORK/out.log" 2>&1; then
    tail -5 "$WORK/out.log" >&2
    die "$label failed on $size"
  fi
  local secs rss user sys rows
  read -r secs rss user sys <"$WORK/time.out"
  # Untimed: every row is there (a run that skipped statements must not look fast).
  rows=$("$PSQL" -X -At -h "$CLUSTER" -U postgres -d bench -c "SELECT count(*) FROM t")
  [ "$rows" = "$EXPECTED_ROWS" ] || die "$label on $size left $rows rows, not $EXPECTED_ROWS"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$size" "$round" "$secs" "$rss" "$(echo "$user + $sys" | bc)" | tee -a "$RESULTS" >&2
}

measure_file() {  # NAME FILE ROUNDS
  local name=$1 file=$2 rounds=$3
  mkdir -p "$WORK/p-$name/migrations"
  ln -f "$file" "$WORK/p-$name/migrations/0001_data.sql"  # a hard link: retort reads regular files only
  printf 'url = "%s"\nmigrations = "migrations"\n' "$URL" >"$WORK/p-$name/retort.toml"
  local psql=(psql "$name" 0 "$PSQL" -X -q -1 -v ON_ERROR_STOP=1 -h "$CLUSTER" -U postgres -d bench -f "$file")
  for ((r = 1; r <= rounds; r++)); do
    psql[2]=$r
    [ $((r % 2)) = 1 ] && timed "${psql[@]}"
    (cd "$WORK/p-$name" && XDG_CACHE_HOME=$WORK/cache timed retort "$name" "$r" "$RETORT" upgrade head)
    [ $((r % 2)) = 1 ] || timed "${psql[@]}"
  done
}

printf 'label\tsize\tround\tsecs\trss_kb\tcpu\n' >"$RESULTS"
for n in $SIZES; do
  log "generating $n statements"
  gen_rows "$n" "$WORK/rows-$n.sql"
  log "$n statements: $(du -h "$WORK/rows-$n.sql" | cut -f1), $ROUNDS rounds"
  EXPECTED_ROWS=$n measure_file "$n" "$WORK/rows-$n.sql" "$ROUNDS"
done
if [ -n "$GB" ]; then
  log "generating the ~1 GB file"
  gen_gb "$WORK/gb.sql"
  log "1 GB file: $(du -h "$WORK/gb.sql" | cut -f1), 1 round"
  EXPECTED_ROWS=100000 measure_file 1GB "$WORK/gb.sql" 1
fi

# Summary: per size, median seconds of each, median of the paired ratios, largest RSS.
echo
echo "retort: $RETORT ($("$RETORT" --version 2>/dev/null | head -1)); $("$PSQL" --version); $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
awk -F'\t' '
  NR == 1 { next }
  { key = $2; secs[$1, key, $3] = $4; if ($5 > rss[$1, key]) rss[$1, key] = $5; rounds[key] = ($3 > rounds[key] ? $3 : rounds[key]); seen[key] = 1; order[key] = NR }
  function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                     return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END {
    printf "| statements | psql -1 -f s | retort s | ratio (median of pairs) | psql max RSS MB | retort max RSS MB |\n|---|---:|---:|---:|---:|---:|\n"
    for (k in seen) {
      n = rounds[k]; delete p; delete q; delete ratio
      for (r = 1; r <= n; r++) { p[r] = secs["psql", k, r]; q[r] = secs["retort", k, r]; ratio[r] = q[r] / p[r] }
      printf "| %s | %.2f | %.2f | %.2fx | %.1f | %.1f |\n", k, median(p, n), median(q, n), median(ratio, n), rss["psql", k] / 1024, rss["retort", k] / 1024
    }
  }' "$RESULTS"
