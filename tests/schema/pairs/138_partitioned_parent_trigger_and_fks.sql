-- pair: a row trigger, a foreign key out of and a foreign key into a partitioned table are added on the parent (PostgreSQL clones them onto every partition; only the parent's are the schema's)
-- @from
CREATE TABLE public.customers (id bigint PRIMARY KEY);
CREATE TABLE public.orders (id bigint NOT NULL, placed_on date NOT NULL, customer_id bigint NOT NULL, PRIMARY KEY (id, placed_on)) PARTITION BY RANGE (placed_on);
CREATE TABLE public.orders_2024 PARTITION OF public.orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.orders_2025 PARTITION OF public.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.order_notes (id bigint PRIMARY KEY, order_id bigint NOT NULL, order_placed_on date NOT NULL, note text);
CREATE FUNCTION public.orders_guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$;
-- @to
CREATE TABLE public.customers (id bigint PRIMARY KEY);
CREATE TABLE public.orders (id bigint NOT NULL, placed_on date NOT NULL, customer_id bigint NOT NULL, PRIMARY KEY (id, placed_on),
    CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES public.customers (id)) PARTITION BY RANGE (placed_on);
CREATE TABLE public.orders_2024 PARTITION OF public.orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.orders_2025 PARTITION OF public.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.order_notes (id bigint PRIMARY KEY, order_id bigint NOT NULL, order_placed_on date NOT NULL, note text,
    CONSTRAINT order_notes_order_fkey FOREIGN KEY (order_id, order_placed_on) REFERENCES public.orders (id, placed_on) ON DELETE CASCADE);
CREATE FUNCTION public.orders_guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$;
CREATE TRIGGER orders_guard BEFORE INSERT OR UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.orders_guard();
