-- pair: indexes changed under the same name: column order, DESC NULLS FIRST, INCLUDE columns, unique-ness
-- @online
-- @from
CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, placed_at timestamptz, total numeric, status text);
CREATE INDEX orders_customer_idx ON public.orders (customer_id);
CREATE INDEX orders_placed_idx ON public.orders (placed_at);
CREATE INDEX orders_status_idx ON public.orders (status, id);
-- @to
CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, placed_at timestamptz, total numeric, status text);
CREATE INDEX orders_customer_idx ON public.orders (customer_id, placed_at DESC) INCLUDE (total);
CREATE INDEX orders_placed_idx ON public.orders (placed_at DESC NULLS FIRST);
CREATE UNIQUE INDEX orders_status_idx ON public.orders (status, id);
