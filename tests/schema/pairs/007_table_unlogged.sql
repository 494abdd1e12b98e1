-- pair: a table switched between logged and UNLOGGED (its serial column's owned sequence follows it in PG15)
-- @from
CREATE TABLE public.sessions (id serial PRIMARY KEY, token text NOT NULL, expires_at timestamptz NOT NULL);
CREATE UNLOGGED TABLE public.cache_entries (key text PRIMARY KEY, value bytea);
-- @to
CREATE UNLOGGED TABLE public.sessions (id serial PRIMARY KEY, token text NOT NULL, expires_at timestamptz NOT NULL);
CREATE TABLE public.cache_entries (key text PRIMARY KEY, value bytea);
