-- pair: rename — a view renamed (stated) while another view selects from it and a comment is on it
-- @from
CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric NOT NULL);
CREATE VIEW public.v1 AS SELECT id, total FROM public.orders WHERE total > 0;
CREATE VIEW public.v1_big AS SELECT id FROM public.v1 WHERE total > 100;
COMMENT ON VIEW public.v1 IS 'Orders with a positive total';
-- @to
-- retort: renamed view public.v2 from v1
CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric NOT NULL);
CREATE VIEW public.v2 AS SELECT id, total FROM public.orders WHERE total > 0;
CREATE VIEW public.v1_big AS SELECT id FROM public.v2 WHERE total > 100;
COMMENT ON VIEW public.v2 IS 'Orders with a positive total';
