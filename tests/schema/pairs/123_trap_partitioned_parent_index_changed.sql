-- pair: trap — an index on a partitioned parent (propagated to every partition, child indexes attached) changes definition; a unique parent index is added (online: CREATE INDEX CONCURRENTLY is refused on a partitioned table)
-- @online
-- @from
CREATE TABLE public.logs (id bigint NOT NULL, at timestamptz NOT NULL, level text NOT NULL, message text) PARTITION BY RANGE (at);
CREATE TABLE public.logs_2024 PARTITION OF public.logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.logs_2025 PARTITION OF public.logs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX logs_level_idx ON public.logs (level);
-- @to
CREATE TABLE public.logs (id bigint NOT NULL, at timestamptz NOT NULL, level text NOT NULL, message text) PARTITION BY RANGE (at);
CREATE TABLE public.logs_2024 PARTITION OF public.logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.logs_2025 PARTITION OF public.logs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX logs_level_idx ON public.logs (level, at DESC) WHERE level <> 'debug';
CREATE UNIQUE INDEX logs_id_at_key ON public.logs (id, at);
