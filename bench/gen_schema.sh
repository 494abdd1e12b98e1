#!/usr/bin/env bash
# gen_schema.sh N_TABLES > schema.sql
#
# A realistic application schema of N_TABLES tables in plain SQL (awk only; no retort code involved),
# for bench/schema.sh: what `retort dump` and `pg_dump --schema-only` read back.
#   - 5 enums, 4 domains (with CHECKs and a default)
#   - N tables t00000…: a bigserial primary key, a foreign key to an earlier table (ON DELETE CASCADE),
#     typed columns (text, an enum with a default, numeric with a default, a domain, timestamptz
#     default now(), jsonb default '{}'), a named CHECK, a comment on every tenth;
#     two indexes each: one on the foreign key, one partial (WHERE status = …)
#   - N/10 views: the first half join a table to the table its foreign key names, the second half
#     join a view of the first half to another table (views on views)
#   - N/10 functions: N/20 plpgsql trigger functions, the rest split between LANGUAGE sql functions
#     and plpgsql functions whose bodies query tables (dependencies pg_depend does not record)
#   - N/20 triggers, each BEFORE UPDATE on a table, calling one of the trigger functions
# At least one of each kind at any N. Deterministic: the same N gives the same file.
set -euo pipefail
n=${1:?usage: gen_schema.sh N_TABLES}
awk -v n="$n" '
function t(i) { return sprintf("t%05d", i) }
function parent(i) { return int(i / 2) }           # an earlier table (a tree: depth log2 n)
function at_least_one(x) { return x < 1 ? 1 : int(x) }
BEGIN {
  q = "\x27"
  enums[0] = "status_t";   labels[0] = q "active" q ", " q "paused" q ", " q "archived" q
  enums[1] = "priority_t"; labels[1] = q "low" q ", " q "normal" q ", " q "high" q ", " q "urgent" q
  enums[2] = "channel_t";  labels[2] = q "web" q ", " q "mobile" q ", " q "api" q
  enums[3] = "region_t";   labels[3] = q "eu" q ", " q "us" q ", " q "apac" q
  enums[4] = "plan_t";     labels[4] = q "free" q ", " q "pro" q ", " q "enterprise" q
  first[0] = "active"; first[1] = "low"; first[2] = "web"; first[3] = "eu"; first[4] = "free"
  for (e = 0; e < 5; e++) printf "CREATE TYPE public.%s AS ENUM (%s);\n", enums[e], labels[e]
  print "CREATE DOMAIN public.email_d AS text CHECK (VALUE ~ " q "^[^@]+@[^@]+$" q ");"
  print "CREATE DOMAIN public.positive_int AS integer CHECK (VALUE > 0);"
  print "CREATE DOMAIN public.amount_d AS numeric(12,2) NOT NULL DEFAULT 0 CHECK (VALUE >= 0);"
  print "CREATE DOMAIN public.short_text AS character varying(200);"
  print ""

  for (i = 0; i < n; i++) {
    e = i % 5
    printf "CREATE TABLE public.%s (\n", t(i)
    printf "  id bigserial PRIMARY KEY,\n"
    if (i > 0) printf "  parent_id bigint REFERENCES public.%s (id) ON DELETE CASCADE,\n", t(parent(i))
    printf "  name public.short_text NOT NULL,\n"
    printf "  state public.%s NOT NULL DEFAULT %s%s%s,\n", enums[e], q, first[e], q
    printf "  quantity public.positive_int,\n"
    printf "  amount numeric(12,2) NOT NULL DEFAULT 0,\n"
    printf "  email public.email_d,\n"
    printf "  created_at timestamptz NOT NULL DEFAULT now(),\n"
    printf "  updated_at timestamptz,\n"
    printf "  payload jsonb NOT NULL DEFAULT %s{}%s,\n", q, q
    printf "  CONSTRAINT %s_amount_check CHECK (amount >= 0 AND amount < 1000000)\n", t(i)
    printf ");\n"
    if (i > 0) printf "CREATE INDEX %s_parent_idx ON public.%s (parent_id);\n", t(i), t(i)
    else printf "CREATE INDEX %s_name_idx ON public.%s (name);\n", t(i), t(i)
    printf "CREATE INDEX %s_recent_idx ON public.%s (created_at DESC) WHERE state = %s%s%s;\n", t(i), t(i), q, first[e], q
    if (i % 10 == 0) printf "COMMENT ON TABLE public.%s IS %stable number %d%s;\n", t(i), q, i, q
  }
  print ""

  nv = at_least_one(n / 10); half = at_least_one(nv / 2)
  for (v = 0; v < nv; v++) {
    if (v < half || nv == 1) {
      a = (v * 10 + 5) % n; if (a == 0) a = (n > 1 ? 1 : 0)
      b = parent(a)
      printf "CREATE VIEW public.v%04d AS\n  SELECT a.id, a.name, a.state, a.amount, b.name AS parent_name, b.created_at AS parent_created_at\n", v
      printf "  FROM public.%s a JOIN public.%s b ON b.id = a.parent_id\n  WHERE a.amount > 0;\n", t(a), t(b)
    } else {
      w = v % half; c = (v * 7 + 3) % n
      printf "CREATE VIEW public.v%04d AS\n  SELECT w.id, w.name, w.parent_name, c.email, c.payload\n", v
      printf "  FROM public.v%04d w LEFT JOIN public.%s c ON c.id = w.id\n  WHERE w.amount < 1000;\n", w, t(c)
    }
  }
  print ""

  nf = at_least_one(n / 10); ntrig = at_least_one(n / 20); if (ntrig > nf) ntrig = nf
  for (f = 0; f < nf; f++) {
    a = (f * 13 + 1) % n
    if (f < ntrig) {
      printf "CREATE FUNCTION public.touch_%04d() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n", f
      printf "  IF NEW.amount < 0 THEN\n    RAISE EXCEPTION %snegative amount in %%%s, TG_TABLE_NAME;\n  END IF;\n", q, q
      printf "  NEW.updated_at := now();\n  RETURN NEW;\nEND\n$$;\n"
    } else if (f % 2 == 0) {
      printf "CREATE FUNCTION public.total_%04d(p_parent bigint) RETURNS numeric LANGUAGE sql STABLE AS $$\n", f
      printf "  SELECT coalesce(sum(amount), 0) FROM public.%s WHERE parent_id = p_parent\n$$;\n", t(a)
    } else {
      printf "CREATE FUNCTION public.archive_%04d(p_before timestamptz) RETURNS integer LANGUAGE plpgsql AS $$\n", f
      printf "DECLARE\n  n integer;\nBEGIN\n"
      printf "  UPDATE public.%s SET state = %s%s%s WHERE created_at < p_before AND state = %s%s%s;\n", t(a), q, first[a % 5] == "active" ? "archived" : first[a % 5], q, q, first[a % 5], q
      printf "  GET DIAGNOSTICS n = ROW_COUNT;\n  RETURN n;\nEND\n$$;\n"
    }
  }
  print ""
  for (g = 0; g < ntrig; g++) {
    a = (g * 20 + 3) % n
    printf "CREATE TRIGGER %s_touch_%04d BEFORE UPDATE ON public.%s FOR EACH ROW EXECUTE FUNCTION public.touch_%04d();\n", t(a), g, t(a), g
  }
}'
