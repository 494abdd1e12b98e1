-- pair: partitions with their own objects: an index and a CHECK only on one partition, a sub-partitioned partition (partition that is itself partitioned), a partition's reloption
-- @from
CREATE TABLE public.orders (id bigint NOT NULL, placed_on date NOT NULL, region text NOT NULL) PARTITION BY RANGE (placed_on);
CREATE TABLE public.orders_2024 PARTITION OF public.orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- @to
CREATE TABLE public.orders (id bigint NOT NULL, placed_on date NOT NULL, region text NOT NULL) PARTITION BY RANGE (placed_on);
CREATE TABLE public.orders_2024 PARTITION OF public.orders (CONSTRAINT orders_2024_region_check CHECK (region <> '')) FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') WITH (fillfactor = 80);
CREATE INDEX orders_2024_region_idx ON public.orders_2024 (region);
CREATE TABLE public.orders_2025 PARTITION OF public.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (region);
CREATE TABLE public.orders_2025_eu PARTITION OF public.orders_2025 FOR VALUES IN ('eu');
CREATE TABLE public.orders_2025_other PARTITION OF public.orders_2025 DEFAULT;
