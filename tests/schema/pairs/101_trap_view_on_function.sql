-- pair: trap — a view calls a function whose return type changes (drop view, drop + create function, create view; both directions)
-- @from
CREATE TABLE public.prices (id bigint PRIMARY KEY, net numeric NOT NULL);
CREATE FUNCTION public.gross(net numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT net * 1.2 $$;
CREATE VIEW public.price_list AS SELECT id, net, public.gross(net) AS gross FROM public.prices;
-- @to
CREATE TABLE public.prices (id bigint PRIMARY KEY, net numeric NOT NULL);
CREATE FUNCTION public.gross(net numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(net * 1.2, 'FM999999990.00') $$;
CREATE VIEW public.price_list AS SELECT id, net, public.gross(net) AS gross FROM public.prices;
