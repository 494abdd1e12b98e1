-- pair: a standalone sequence used by a default becomes OWNED BY the column, and a second sequence is created and dropped
-- @from
CREATE SEQUENCE public.order_no_seq;
CREATE TABLE public.orders (id bigint PRIMARY KEY, order_no bigint NOT NULL DEFAULT nextval('public.order_no_seq'));
-- @to
CREATE SEQUENCE public.order_no_seq;
CREATE TABLE public.orders (id bigint PRIMARY KEY, order_no bigint NOT NULL DEFAULT nextval('public.order_no_seq'));
ALTER SEQUENCE public.order_no_seq OWNED BY public.orders.order_no;
CREATE SEQUENCE public.batch_seq AS integer START 5 OWNED BY public.orders.id;
