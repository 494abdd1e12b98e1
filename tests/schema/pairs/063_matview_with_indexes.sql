-- pair: a materialized view with a unique and a plain index created (matview before its indexes) and dropped in reverse
-- @from
CREATE TABLE public.sales (id bigint PRIMARY KEY, region text NOT NULL, sold_on date NOT NULL, amount numeric NOT NULL);
-- @to
CREATE TABLE public.sales (id bigint PRIMARY KEY, region text NOT NULL, sold_on date NOT NULL, amount numeric NOT NULL);
CREATE MATERIALIZED VIEW public.monthly_sales AS
    SELECT region, date_trunc('month', sold_on)::date AS month, sum(amount) AS total, count(*) AS n
    FROM public.sales GROUP BY 1, 2;
CREATE UNIQUE INDEX monthly_sales_key ON public.monthly_sales (region, month);
CREATE INDEX monthly_sales_total_idx ON public.monthly_sales (total DESC);
