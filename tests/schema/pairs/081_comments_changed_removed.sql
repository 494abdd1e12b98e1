-- pair: only comments differ: changed on some objects, removed from others (COMMENT … IS NULL), column comments on a table and on a view
-- @from
CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric NOT NULL, note text);
CREATE VIEW public.big_orders AS SELECT id, total FROM public.orders WHERE total > 1000;
CREATE FUNCTION public.order_total(order_id bigint) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT total FROM public.orders WHERE id = order_id $$;
CREATE INDEX orders_total_idx ON public.orders (total);
COMMENT ON TABLE public.orders IS 'Orders';
COMMENT ON COLUMN public.orders.total IS 'Gross total';
COMMENT ON COLUMN public.orders.note IS 'Free text';
COMMENT ON VIEW public.big_orders IS 'Orders above 1000';
COMMENT ON FUNCTION public.order_total(bigint) IS 'Total of one order';
COMMENT ON INDEX public.orders_total_idx IS 'Range scans on total';
COMMENT ON CONSTRAINT orders_pkey ON public.orders IS 'Surrogate key';
-- @to
CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric NOT NULL, note text);
CREATE VIEW public.big_orders AS SELECT id, total FROM public.orders WHERE total > 1000;
CREATE FUNCTION public.order_total(order_id bigint) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT total FROM public.orders WHERE id = order_id $$;
CREATE INDEX orders_total_idx ON public.orders (total);
COMMENT ON TABLE public.orders IS 'Customer orders, one row per checkout';
COMMENT ON COLUMN public.orders.total IS 'Net total; it''s in cents';
COMMENT ON VIEW public.big_orders IS 'Orders above 1000';
COMMENT ON COLUMN public.big_orders.total IS 'Copied from orders.total';
COMMENT ON FUNCTION public.order_total(bigint) IS 'Total of one order
(multi-line comment)';
