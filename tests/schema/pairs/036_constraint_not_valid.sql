-- pair: FK and CHECK added NOT VALID in B (validated→NOT VALID needs drop + re-add; NOT VALID→validated is VALIDATE CONSTRAINT)
-- @online
-- @from
CREATE TABLE public.customers (id bigint PRIMARY KEY);
CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint, total numeric NOT NULL,
    CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES public.customers (id),
    CONSTRAINT orders_total_check CHECK (total >= 0));
CREATE TABLE public.refunds (id bigint PRIMARY KEY, order_id bigint, amount numeric NOT NULL);
ALTER TABLE public.refunds ADD CONSTRAINT refunds_order_fkey FOREIGN KEY (order_id) REFERENCES public.orders (id) NOT VALID;
-- @to
CREATE TABLE public.customers (id bigint PRIMARY KEY);
CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint, total numeric NOT NULL);
ALTER TABLE public.orders ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES public.customers (id) NOT VALID;
ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;
CREATE TABLE public.refunds (id bigint PRIMARY KEY, order_id bigint, amount numeric NOT NULL,
    CONSTRAINT refunds_order_fkey FOREIGN KEY (order_id) REFERENCES public.orders (id));
