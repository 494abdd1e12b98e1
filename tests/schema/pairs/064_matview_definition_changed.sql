-- pair: a materialized view's query changes (no CREATE OR REPLACE: drop + create, and its indexes and comment recreated); storage option set
-- @from
CREATE TABLE public.page_hits (id bigint PRIMARY KEY, path text NOT NULL, hit_at timestamptz NOT NULL);
CREATE MATERIALIZED VIEW public.top_pages AS SELECT path, count(*) AS hits FROM public.page_hits GROUP BY path;
CREATE UNIQUE INDEX top_pages_path_key ON public.top_pages (path);
COMMENT ON MATERIALIZED VIEW public.top_pages IS 'Refreshed hourly';
-- @to
CREATE TABLE public.page_hits (id bigint PRIMARY KEY, path text NOT NULL, hit_at timestamptz NOT NULL);
CREATE MATERIALIZED VIEW public.top_pages WITH (fillfactor = 90) AS
    SELECT path, count(*) AS hits, max(hit_at) AS last_hit FROM public.page_hits WHERE hit_at > '2024-01-01' GROUP BY path;
CREATE UNIQUE INDEX top_pages_path_key ON public.top_pages (path);
CREATE INDEX top_pages_hits_idx ON public.top_pages (hits);
COMMENT ON MATERIALIZED VIEW public.top_pages IS 'Refreshed hourly';
