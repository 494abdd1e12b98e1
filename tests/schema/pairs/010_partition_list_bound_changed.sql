-- pair: list partitions: one partition removed, another's value list changed (detach + attach with the new bound), DEFAULT kept
-- @from
CREATE TABLE public.orders (id bigint NOT NULL, region text NOT NULL, total numeric) PARTITION BY LIST (region);
CREATE TABLE public.orders_eu PARTITION OF public.orders FOR VALUES IN ('de', 'fr');
CREATE TABLE public.orders_us PARTITION OF public.orders FOR VALUES IN ('us');
CREATE TABLE public.orders_apac PARTITION OF public.orders FOR VALUES IN ('jp', 'au');
CREATE TABLE public.orders_other PARTITION OF public.orders DEFAULT;
INSERT INTO public.orders VALUES (1, 'de', 10), (2, 'us', 20), (3, 'br', 30);
-- @to
CREATE TABLE public.orders (id bigint NOT NULL, region text NOT NULL, total numeric) PARTITION BY LIST (region);
CREATE TABLE public.orders_eu PARTITION OF public.orders FOR VALUES IN ('de', 'fr', 'it', 'es');
CREATE TABLE public.orders_us PARTITION OF public.orders FOR VALUES IN ('us');
CREATE TABLE public.orders_other PARTITION OF public.orders DEFAULT;
INSERT INTO public.orders VALUES (1, 'de', 10), (2, 'us', 20), (3, 'br', 30);
