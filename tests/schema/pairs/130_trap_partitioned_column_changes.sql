-- pair: trap — column added, retyped and NOT NULL set on a partitioned parent: one ALTER on the parent propagates; partitions hold no local columns of their own
-- @from
CREATE TABLE public.metrics (id bigint NOT NULL, at date NOT NULL, value integer, source text) PARTITION BY RANGE (at);
CREATE TABLE public.metrics_2024 PARTITION OF public.metrics FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.metrics_rest PARTITION OF public.metrics DEFAULT;
INSERT INTO public.metrics VALUES (1, '2024-05-01', 3, 'a'), (2, '2030-01-01', 4, 'b');
-- @to
CREATE TABLE public.metrics (id bigint NOT NULL, at date NOT NULL, value bigint, source text NOT NULL, unit text NOT NULL DEFAULT 'count') PARTITION BY RANGE (at);
CREATE TABLE public.metrics_2024 PARTITION OF public.metrics FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.metrics_rest PARTITION OF public.metrics DEFAULT;
INSERT INTO public.metrics VALUES (1, '2024-05-01', 3, 'a'), (2, '2030-01-01', 4, 'b');
