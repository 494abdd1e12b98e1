-- pair: hash partitioning goes from modulus 2 to modulus 4 (every partition's bound changes; no overlap allowed while attaching)
-- @from
CREATE TABLE public.blobs (id bigint NOT NULL, data bytea) PARTITION BY HASH (id);
CREATE TABLE public.blobs_p0 PARTITION OF public.blobs FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE public.blobs_p1 PARTITION OF public.blobs FOR VALUES WITH (MODULUS 2, REMAINDER 1);
-- @to
CREATE TABLE public.blobs (id bigint NOT NULL, data bytea) PARTITION BY HASH (id);
CREATE TABLE public.blobs_p0 PARTITION OF public.blobs FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE public.blobs_p1 PARTITION OF public.blobs FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE public.blobs_p2 PARTITION OF public.blobs FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE public.blobs_p3 PARTITION OF public.blobs FOR VALUES WITH (MODULUS 4, REMAINDER 3);
