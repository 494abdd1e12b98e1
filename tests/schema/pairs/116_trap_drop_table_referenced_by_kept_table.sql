-- pair: trap — a table referenced by a foreign key from a kept table is dropped (the FK and its column go first; reverse creates the table before the FK)
-- @from
CREATE TABLE public.warehouses (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.products (id bigint PRIMARY KEY, name text NOT NULL, warehouse_id bigint REFERENCES public.warehouses (id));
CREATE INDEX products_warehouse_idx ON public.products (warehouse_id);
-- @to
CREATE TABLE public.products (id bigint PRIMARY KEY, name text NOT NULL);
