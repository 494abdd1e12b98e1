-- pair: table storage parameters set, changed and reset (fillfactor, autovacuum settings)
-- @from
CREATE TABLE public.counters (id bigint PRIMARY KEY, n bigint NOT NULL DEFAULT 0) WITH (fillfactor = 70);
CREATE TABLE public.events (id bigint PRIMARY KEY, payload jsonb);
CREATE TABLE public.logs (id bigint PRIMARY KEY, line text) WITH (autovacuum_enabled = false);
-- @to
CREATE TABLE public.counters (id bigint PRIMARY KEY, n bigint NOT NULL DEFAULT 0) WITH (fillfactor = 50);
CREATE TABLE public.events (id bigint PRIMARY KEY, payload jsonb) WITH (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);
CREATE TABLE public.logs (id bigint PRIMARY KEY, line text);
