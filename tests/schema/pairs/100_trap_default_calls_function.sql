-- pair: trap — a column default calls a user function: the function is created before the column/default and dropped after it
-- @from
CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric NOT NULL);
INSERT INTO public.orders VALUES (1, 10);
-- @to
CREATE FUNCTION public.next_order_code() RETURNS text LANGUAGE sql VOLATILE
    AS $$ SELECT 'ORD-' || to_char(clock_timestamp(), 'YYYYMMDD') || '-' || floor(random() * 100000)::text $$;
CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric NOT NULL, code text NOT NULL DEFAULT public.next_order_code());
INSERT INTO public.orders VALUES (1, 10);
