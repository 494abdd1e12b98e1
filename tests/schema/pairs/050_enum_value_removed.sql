-- pair: enum value removed while a column (with a default of that enum and an index) uses it: the type must be recreated and the column converted
-- @from
CREATE TYPE public.order_state AS ENUM ('new', 'paid', 'legacy_hold', 'shipped');
CREATE TABLE public.orders (id bigint PRIMARY KEY, state public.order_state NOT NULL DEFAULT 'new');
CREATE INDEX orders_state_idx ON public.orders (state) WHERE state <> 'shipped';
INSERT INTO public.orders VALUES (1, 'new'), (2, 'shipped');
-- @to
CREATE TYPE public.order_state AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE public.orders (id bigint PRIMARY KEY, state public.order_state NOT NULL DEFAULT 'new');
CREATE INDEX orders_state_idx ON public.orders (state) WHERE state <> 'shipped';
INSERT INTO public.orders VALUES (1, 'new'), (2, 'shipped');
