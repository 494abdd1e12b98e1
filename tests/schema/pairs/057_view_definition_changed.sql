-- pair: a view's definition changes while its columns (names, types, order) stay: CREATE OR REPLACE VIEW in place
-- @from
CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric NOT NULL, cancelled boolean NOT NULL DEFAULT false);
CREATE VIEW public.customer_totals AS
    SELECT customer_id, sum(total) AS total FROM public.orders GROUP BY customer_id;
-- @to
CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric NOT NULL, cancelled boolean NOT NULL DEFAULT false);
CREATE VIEW public.customer_totals AS
    SELECT customer_id, sum(total) AS total FROM public.orders WHERE NOT cancelled GROUP BY customer_id;
