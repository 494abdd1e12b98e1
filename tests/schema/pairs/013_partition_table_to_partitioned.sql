-- pair: a plain table becomes a range-partitioned table of the same name (PostgreSQL cannot convert in place: recreation)
-- @from
CREATE TABLE public.page_views (id bigint NOT NULL, viewed_at timestamptz NOT NULL, path text NOT NULL, PRIMARY KEY (id, viewed_at));
CREATE INDEX page_views_path_idx ON public.page_views (path);
-- @to
CREATE TABLE public.page_views (id bigint NOT NULL, viewed_at timestamptz NOT NULL, path text NOT NULL, PRIMARY KEY (id, viewed_at)) PARTITION BY RANGE (viewed_at);
CREATE INDEX page_views_path_idx ON public.page_views (path);
CREATE TABLE public.page_views_2024 PARTITION OF public.page_views FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.page_views_2025 PARTITION OF public.page_views FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
