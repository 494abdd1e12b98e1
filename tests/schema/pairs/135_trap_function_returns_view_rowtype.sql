-- pair: trap — a function RETURNS SETOF a view's row type and the view's columns change: the function depends on the view's type, so it is dropped before and recreated after the view
-- @from
CREATE TABLE public.products (id bigint PRIMARY KEY, name text NOT NULL, price numeric NOT NULL, hidden boolean NOT NULL DEFAULT false);
CREATE VIEW public.visible_products AS SELECT id, name, price FROM public.products WHERE NOT hidden;
CREATE FUNCTION public.cheap_products(max_price numeric) RETURNS SETOF public.visible_products
    LANGUAGE sql STABLE AS $$ SELECT * FROM public.visible_products WHERE price <= max_price $$;
-- @to
CREATE TABLE public.products (id bigint PRIMARY KEY, name text NOT NULL, price numeric NOT NULL, hidden boolean NOT NULL DEFAULT false);
CREATE VIEW public.visible_products AS SELECT id, price, name FROM public.products WHERE NOT hidden;
CREATE FUNCTION public.cheap_products(max_price numeric) RETURNS SETOF public.visible_products
    LANGUAGE sql STABLE AS $$ SELECT * FROM public.visible_products WHERE price <= max_price $$;
