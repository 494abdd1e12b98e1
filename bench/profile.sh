#!/usr/bin/env bash
# bench/profile.sh — where retort's time goes: the statements it sends and the CPU it spends.
#
#   bench/profile.sh [N_LINE]        (default 1000; run bench/run.sh --no-micro once first, or it builds)
#
# On a throwaway cluster (`retort pgtemp`, fsync off) with log_statement=all, it runs retort and the
# psql floor on the line workload (N_LINE revisions: a table and an index each) and counts the
# statements the server received per command, and, under strace, the client's writes to the server
# socket (sendto: one per round trip, since a client that writes then waits for the answer before it
# writes again; a libpq pipeline is one write for many statements). Then it runs retort under
# valgrind --tool=callgrind for `history` over 10,000
# revisions, no-op `current` and `status`, and `upgrade head` of N_LINE migrations, and prints the
# instruction totals and the top inclusive functions. Everything lands in build-bench/profile/.
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
BUILD=$ROOT/build-bench
RETORT=$BUILD/retort/cli/retort
PSQL=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/psql
OUT=$BUILD/profile
N=${1:-1000}

if [ "${PROFILE_PHASE:-}" = inside ]; then
  sockdir=$(printf '%b' "$(printf '%s' "${DATABASE_URL#*host=}" | sed 's/%/\\x/g')")
  log=$sockdir/server.log
  url() { printf '%s' "${DATABASE_URL/@\/postgres\?/@/$1?}"; }
  q() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" "$@" >/dev/null; }
  mark() { sleep 0.5; wc -l <"$log"; }
  since() { sleep 0.5; tail -n +$(($1 + 1)) "$log" | grep -E 'LOG:  (statement|execute)' | sed 's/^[^L]*LOG:  //' >"$OUT/$2.statements"; }
  q -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()"
  q -c "CREATE DATABASE p_retort" -c "CREATE DATABASE p_floor"
  T=$OUT/work/line/retort/retort.toml
  m=$(mark); "$RETORT" -c "$T" --url "$(url p_retort)" upgrade head 2>/dev/null; since "$m" retort_upgrade
  m=$(mark); "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(url p_floor)" -f "$OUT/work/line/floor_up.sql"; since "$m" floor_upgrade
  m=$(mark); "$RETORT" -c "$T" --url "$(url p_retort)" current >/dev/null; since "$m" retort_current
  m=$(mark); "$RETORT" -c "$T" --url "$(url p_retort)" status >/dev/null; since "$m" retort_status
  m=$(mark); "$PSQL" -X -q -d "$(url p_retort)" -c 'SELECT version_num FROM retort_version' >/dev/null; since "$m" floor_current
  m=$(mark); "$RETORT" -c "$T" --url "$(url p_retort)" downgrade base 2>/dev/null; since "$m" retort_downgrade
  m=$(mark); "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(url p_floor)" -f "$OUT/work/line/floor_down.sql"; since "$m" floor_downgrade
  q -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()"
  # Round trips: the client's socket writes (sendto), counted by strace.
  st() { local name=$1; shift; strace -f -qq -e trace=sendto -o "$OUT/$name.strace" "$@" >/dev/null 2>&1; grep -c 'sendto(' "$OUT/$name.strace" >"$OUT/$name.sends"; }
  st retort_upgrade "$RETORT" -c "$T" --url "$(url p_retort)" upgrade head
  st retort_downgrade "$RETORT" -c "$T" --url "$(url p_retort)" downgrade base
  q -c "DROP DATABASE p_floor" -c "CREATE DATABASE p_floor"
  st floor_upgrade "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(url p_floor)" -f "$OUT/work/line/floor_up.sql"
  st floor_downgrade "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(url p_floor)" -f "$OUT/work/line/floor_down.sql"
  q -c "DROP DATABASE p_floor" -c "CREATE DATABASE p_floor"
  st floor1rt_upgrade "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(url p_floor)" -f "$OUT/work/line/floor_up_1rt.sql"
  st floor1rt_downgrade "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(url p_floor)" -f "$OUT/work/line/floor_down_1rt.sql"
  "$RETORT" -c "$T" --url "$(url p_retort)" upgrade head 2>/dev/null
  st retort_current "$RETORT" -c "$T" --url "$(url p_retort)" current
  st retort_status "$RETORT" -c "$T" --url "$(url p_retort)" status
  st floor_current "$PSQL" -X -q -d "$(url p_retort)" -c 'SELECT version_num FROM retort_version'
  "$RETORT" -c "$T" --url "$(url p_retort)" downgrade base 2>/dev/null
  # callgrind: the client's own instructions (the server is not instrumented).
  cg() { local name=$1; shift; valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.$name" "$@" >/dev/null 2>"$OUT/callgrind.$name.log"; }
  cg current "$RETORT" -c "$T" --url "$(url p_retort)" current
  cg status "$RETORT" -c "$T" --url "$(url p_retort)" status
  cg downgrade "$RETORT" -c "$T" --url "$(url p_retort)" downgrade base
  cg upgrade "$RETORT" -c "$T" --url "$(url p_retort)" upgrade head
  cg psql_query "$PSQL" -X -q -d "$(url p_retort)" -c 'SELECT version_num FROM retort_version'
  exit 0
fi

[ -x "$RETORT" ] || { cmake -S "$BENCH" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build "$BUILD" -j1 --target retort >/dev/null; }
for tool in valgrind strace; do command -v $tool >/dev/null || apt-get install -y -qq $tool >/dev/null; done
rm -rf "$OUT"; mkdir -p "$OUT"
# retort's folder cache goes to a folder of our own ($XDG_CACHE_HOME/retort), empty at first.
export XDG_CACHE_HOME=$OUT/cache
"$BENCH/gen_workload.sh" "$OUT/work" "$N" 10000 >/dev/null
cg_hist() { valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.$1" "${@:2}" >/dev/null 2>"$OUT/callgrind.$1.log"; }
sleep 3  # past the cache's racy window for the files just written
cg_hist history10k "$RETORT" -c "$OUT/work/graph/retort/retort.toml" history
cg_hist history10k_cached "$RETORT" -c "$OUT/work/graph/retort/retort.toml" history
"$RETORT" -c "$OUT/work/line/retort/retort.toml" heads >/dev/null  # fill the cache for the line folder
cg_hist version "$RETORT" --version
PROFILE_PHASE=inside OUT=$OUT N=$N RETORT=$RETORT PSQL=$PSQL "$RETORT" pgtemp -- "$BENCH/profile.sh"

echo "## Statements the server received and round trips (client socket writes), $N migrations"
for f in retort_upgrade floor_upgrade floor1rt_upgrade retort_downgrade floor_downgrade floor1rt_downgrade retort_current retort_status floor_current; do
  st=0; [ ! -f "$OUT/$f.statements" ] || st=$(wc -l <"$OUT/$f.statements"); rt=$(cat "$OUT/$f.sends" 2>/dev/null || echo 0)
  printf '%-18s %6d statements (%.2f per migration), %6d round trips (%.2f per migration)\n' "$f" "$st" \
    "$(awk -v n="$st" -v m="$N" 'BEGIN{print n/m}')" "$rt" "$(awk -v n="$rt" -v m="$N" 'BEGIN{print n/m}')"
done
echo
echo "retort upgrade, the statements of one migration in the middle of the run:"
grep -n "t$(printf '%05d' $((N / 2)))\b" "$OUT/retort_upgrade.statements" | head -1 | cut -d: -f1 |
  { read -r l; sed -n "$((l - 1)),$((l + 4))p" "$OUT/retort_upgrade.statements" | cut -c1-150 | sed 's/^/  /'; }
echo "retort upgrade, start-up statements before the first migration:"
sed -n '1,/: BEGIN$/p' "$OUT/retort_upgrade.statements" | cut -c1-150 | sed 's/^/  /'
echo
echo "## callgrind: instructions executed by the client process (server excluded)"
for name in version history10k history10k_cached current status upgrade downgrade psql_query; do
  f=$OUT/callgrind.$name
  [ -f "$f" ] || continue
  printf '%-12s %'"'"'15d instructions\n' "$name" "$(awk '/^summary:|^totals:/ {print $2; exit}' "$f")"
done
for name in history10k history10k_cached current status upgrade; do
  echo
  echo "### $name: top inclusive costs"
  callgrind_annotate --inclusive=yes "$OUT/callgrind.$name" 2>/dev/null | sed -n '/file:function/,$p' | sed -n '3,22p' |
    sed -E 's/ \[[^]]*\]$//; s/std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >/std::string/g' | cut -c1-170
done
echo
echo "files: $OUT"
