#!/usr/bin/env bash
# gen_workload.sh OUT_DIR [N_LINE] [N_GRAPH]
#
# Writes the benchmark workloads (awk only; no retort code involved):
#   OUT/line/retort/      retort.toml + migrations/rNNNNN.sql   N_LINE revisions in one line (default 1000),
#                         each: a table and an index up, DROP TABLE down
#   OUT/line/dbmate/      the same SQL as dbmate files (migrations/<version>_tNNNNN.sql)
#   OUT/line/alembic/     the same SQL as Alembic revisions (versions/rNNNNN.py calling op.execute)
#   OUT/line/floor_up.sql     the floor for upgrade: per migration BEGIN; the SQL; the version row; COMMIT;
#   OUT/line/floor_down.sql   the floor for downgrade, the same way, newest first
#   OUT/line/floor_up_1rt.sql, floor_down_1rt.sql   the same SQL with each migration on one line joined
#                         by \; so that psql sends it as one query: one round trip per migration
#   OUT/graph/retort/     N_GRAPH revisions (default 10000): a long line where every 100th revision starts
#                         a two-revision side branch merged back right after, and one labelled branch
#                         left open near the end (so there are two heads)
set -euo pipefail
out=${1:?usage: gen_workload.sh OUT_DIR [N_LINE] [N_GRAPH]}
n_line=${2:-1000}
n_graph=${3:-10000}
rm -rf "$out/line" "$out/graph"
mkdir -p "$out/line/retort/migrations" "$out/line/dbmate/migrations" "$out/line/alembic/versions" \
         "$out/graph/retort/migrations"

printf 'migrations = "migrations"\n' > "$out/line/retort/retort.toml"
printf 'migrations = "migrations"\n' > "$out/graph/retort/retort.toml"

cat > "$out/line/alembic/alembic.ini" <<'INI'
[alembic]
script_location = %(here)s
INI
cat > "$out/line/alembic/env.py" <<'PY'
# Online mode only: one transaction per migration, like retort and the psql floor.
import os
from alembic import context
from sqlalchemy import create_engine, pool

engine = create_engine(os.environ["ALEMBIC_URL"], poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
PY
cat > "$out/line/alembic/script.py.mako" <<'MAKO'
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None
from alembic import op
def upgrade():
    pass
def downgrade():
    pass
MAKO

# The straight line: every format from one awk pass.
awk -v n="$n_line" -v out="$out/line" '
function id(i) { return sprintf("r%05d", i) }
function tbl(i) { return sprintf("t%05d", i) }
function up1(i) { return "CREATE TABLE " tbl(i) " (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());" }
function up2(i) { return "CREATE INDEX " tbl(i) "_name_idx ON " tbl(i) " (name);" }
function down1(i) { return "DROP TABLE " tbl(i) ";" }
BEGIN {
  floor_up = out "/floor_up.sql"; floor_up1 = out "/floor_up_1rt.sql"
  print "CREATE TABLE retort_version (version_num varchar(32) NOT NULL PRIMARY KEY);" > floor_up
  print "CREATE TABLE retort_version (version_num varchar(32) NOT NULL PRIMARY KEY);" > floor_up1
  for (i = 0; i < n; i++) {
    f = out "/retort/migrations/" id(i) ".sql"
    printf "-- revision: %s\n-- down_revision:%s\n-- branch_labels:\n-- depends_on:\n-- message: create table %s\n-- created: 2026-01-01T00:00:00Z\n-- transaction: per-migration\n\n-- migrate:up\n%s\n%s\n\n-- migrate:down\n%s\n", id(i), (i == 0 ? "" : " " id(i - 1)), tbl(i), up1(i), up2(i), down1(i) > f
    close(f)
    f = out "/dbmate/migrations/" sprintf("2026010100%05d", i) "_" tbl(i) ".sql"
    printf "-- migrate:up\n%s\n%s\n\n-- migrate:down\n%s\n", up1(i), up2(i), down1(i) > f
    close(f)
    f = out "/alembic/versions/" id(i) ".py"
    printf "revision = \"%s\"\ndown_revision = %s\nbranch_labels = None\ndepends_on = None\n\nfrom alembic import op\n\n\ndef upgrade():\n    op.execute(\"%s\")\n    op.execute(\"%s\")\n\n\ndef downgrade():\n    op.execute(\"%s\")\n", id(i), (i == 0 ? "None" : "\"" id(i - 1) "\""), up1(i), up2(i), down1(i) > f
    close(f)
    if (i == 0) ver = "INSERT INTO retort_version (version_num) VALUES (\x27" id(i) "\x27);"
    else ver = "UPDATE retort_version SET version_num = \x27" id(i) "\x27 WHERE version_num = \x27" id(i - 1) "\x27;"
    printf "BEGIN;\n%s\n%s\n%s\nCOMMIT;\n", up1(i), up2(i), ver > floor_up
    line = "BEGIN\\; " up1(i) "\\; " up2(i) "\\; " ver "\\; COMMIT;"
    gsub(/;\\;/, "\\;", line)
    print line > floor_up1
  }
  close(floor_up); close(floor_up1)
  floor_down = out "/floor_down.sql"; floor_down1 = out "/floor_down_1rt.sql"
  for (i = n - 1; i >= 0; i--) {
    if (i == 0) ver = "DELETE FROM retort_version WHERE version_num = \x27" id(i) "\x27;"
    else ver = "UPDATE retort_version SET version_num = \x27" id(i - 1) "\x27 WHERE version_num = \x27" id(i) "\x27;"
    printf "BEGIN;\n%s\n%s\nCOMMIT;\n", down1(i), ver > floor_down
    line = "BEGIN\\; " down1(i) "\\; " ver "\\; COMMIT;"
    gsub(/;\\;/, "\\;", line)
    print line > floor_down1
  }
  close(floor_down); close(floor_down1)
}'

# The big graph: a long line with a fork and merge every 100 revisions, one open labelled branch.
awk -v n="$n_graph" -v out="$out/graph/retort/migrations" '
function id(i) { return sprintf("r%05d", i) }
function emit(i, parents, label,   f) {
  f = out "/" id(i) ".sql"
  printf "-- revision: %s\n-- down_revision:%s\n-- branch_labels:%s\n-- depends_on:\n-- message: create table t%05d\n-- created: 2026-01-01T00:00:00Z\n-- transaction: per-migration\n\n-- migrate:up\nCREATE TABLE t%05d (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\nCREATE INDEX t%05d_name_idx ON t%05d (name);\n\n-- migrate:down\nDROP TABLE t%05d;\n", id(i), (parents == "" ? "" : " " parents), (label == "" ? "" : " " label), i, i, i, i, i > f
  close(f)
}
BEGIN {
  open_at = n - 50   # the open branch: 10 revisions off the line, labelled "feature"
  last = ""; i = 0; side = ""
  while (i < n) {
    if (i == open_at && i + 10 <= n) {
      emit(i, last, "feature"); prev = id(i); i++
      for (k = 1; k < 10; k++) { emit(i, prev, ""); prev = id(i); i++ }
      continue
    }
    if (i > 0 && i % 100 == 0 && i + 4 <= n && i < open_at - 4) {
      s1 = i; s2 = i + 1; m1 = i + 2; mg = i + 3
      emit(s1, last, ""); emit(s2, id(s1), ""); emit(m1, last, ""); emit(mg, id(m1) "," id(s2), "")
      i += 4; last = id(mg)
      continue
    }
    emit(i, last, ""); last = id(i); i++
  }
}'
echo "workloads in $out: $(ls "$out/line/retort/migrations" | wc -l) line revisions, $(ls "$out/graph/retort/migrations" | wc -l) graph revisions"
