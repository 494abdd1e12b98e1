-- pair: trap — a table is dropped whose serial sequence another table's default also uses: the sequence must be released (OWNED BY NONE) first or DROP TABLE drags it along / refuses
-- @from
CREATE TABLE public.old_orders (id serial PRIMARY KEY, total numeric);
CREATE TABLE public.orders (id integer PRIMARY KEY DEFAULT nextval('public.old_orders_id_seq'), total numeric NOT NULL);
-- @to
CREATE SEQUENCE public.old_orders_id_seq AS integer;
CREATE TABLE public.orders (id integer PRIMARY KEY DEFAULT nextval('public.old_orders_id_seq'), total numeric NOT NULL);
