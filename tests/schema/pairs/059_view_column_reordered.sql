-- pair: a view's columns are reordered and one renamed and one's type changes (CREATE OR REPLACE refuses: drop + create)
-- @from
CREATE TABLE public.products (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL, stock integer NOT NULL);
CREATE VIEW public.catalog AS SELECT id, name, price, stock FROM public.products;
-- @to
CREATE TABLE public.products (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL, stock integer NOT NULL);
CREATE VIEW public.catalog AS SELECT id, price::text AS price, name AS title, stock FROM public.products;
