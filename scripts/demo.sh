#!/usr/bin/env bash
# The main job, from a fresh machine: install what is missing, build, start a private throwaway
# PostgreSQL, bring examples/myagent to head, and show current, history, status, check and what was
# created.
# The cluster is removed on exit, including after a failure or Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/bootstrap.sh"
"$root/scripts/build.sh" >/dev/null
retort="$root/build/cli/retort"
cd "$root/examples/myagent"
export RETORT="$retort"
exec "$retort" pgtemp -- bash -c '
  set -euo pipefail
  psql_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/psql
  [ -x "$psql_bin" ] || psql_bin=psql
  echo "== retort upgrade head   (DATABASE_URL is a private throwaway cluster)"
  "$RETORT" upgrade head
  echo
  echo "== retort current"
  "$RETORT" current
  echo
  echo "== retort history"
  "$RETORT" history
  echo
  echo "== retort status -v"
  "$RETORT" status -v
  echo
  echo "== retort check   (migrations replayed on a scratch database: no drift; head matches schema.sql)"
  "$RETORT" check
  echo
  echo "== tables and indexes created"
  "$psql_bin" "$DATABASE_URL" -X -q -c "\dt public.*" -c "\di public.*"
'
