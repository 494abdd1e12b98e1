-- pair: range-partitioned table gains a new month partition and a DEFAULT partition (B→A detaches/drops them)
-- @from
CREATE TABLE public.measurements (
    sensor_id integer NOT NULL,
    taken_at timestamptz NOT NULL,
    value double precision
) PARTITION BY RANGE (taken_at);
CREATE TABLE public.measurements_2024_01 PARTITION OF public.measurements FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE public.measurements_2024_02 PARTITION OF public.measurements FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
-- @to
CREATE TABLE public.measurements (
    sensor_id integer NOT NULL,
    taken_at timestamptz NOT NULL,
    value double precision
) PARTITION BY RANGE (taken_at);
CREATE TABLE public.measurements_2024_01 PARTITION OF public.measurements FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE public.measurements_2024_02 PARTITION OF public.measurements FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
CREATE TABLE public.measurements_2024_03 PARTITION OF public.measurements FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
CREATE TABLE public.measurements_default PARTITION OF public.measurements DEFAULT;
