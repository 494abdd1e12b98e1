-- pair: a range partition's upper bound moves (quarter becomes half-year) and a following partition disappears; rows fit both bounds
-- @from
CREATE TABLE public.sales (id bigint NOT NULL, sold_on date NOT NULL, amount numeric NOT NULL, PRIMARY KEY (id, sold_on)) PARTITION BY RANGE (sold_on);
CREATE TABLE public.sales_2024_q1 PARTITION OF public.sales FOR VALUES FROM ('2024-01-01') TO ('2024-04-01');
CREATE TABLE public.sales_2024_q2 PARTITION OF public.sales FOR VALUES FROM ('2024-04-01') TO ('2024-07-01');
INSERT INTO public.sales VALUES (1, '2024-02-10', 5);
-- @to
CREATE TABLE public.sales (id bigint NOT NULL, sold_on date NOT NULL, amount numeric NOT NULL, PRIMARY KEY (id, sold_on)) PARTITION BY RANGE (sold_on);
CREATE TABLE public.sales_2024_q1 PARTITION OF public.sales FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');
INSERT INTO public.sales VALUES (1, '2024-02-10', 5);
