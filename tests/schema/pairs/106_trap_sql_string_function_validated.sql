-- pair: trap — an SQL function with a string body is parsed at CREATE (check_function_bodies) but has no pg_depend edge: the new table and column it reads must exist before it
-- @from
CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric NOT NULL);
-- @to
CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric NOT NULL, currency char(3) NOT NULL DEFAULT 'EUR');
CREATE TABLE public.fx_rates (currency char(3) PRIMARY KEY, to_eur numeric NOT NULL);
CREATE FUNCTION public.total_eur(order_id bigint) RETURNS numeric LANGUAGE sql STABLE AS $$
    SELECT o.total * coalesce(r.to_eur, 1)
    FROM public.orders o LEFT JOIN public.fx_rates r ON r.currency = o.currency
    WHERE o.id = order_id
$$;
