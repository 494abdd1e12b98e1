-- pair: trap — a domain used in a function signature and by a column changes its base type (no ALTER DOMAIN for that): function and column must let go of it first
-- @from
CREATE DOMAIN public.cents AS integer CHECK (VALUE >= 0);
CREATE TABLE public.invoices (id bigint PRIMARY KEY, amount public.cents NOT NULL);
CREATE FUNCTION public.format_cents(c public.cents) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(c / 100.0, 'FM999999990.00') $$;
INSERT INTO public.invoices VALUES (1, 1999);
-- @to
CREATE DOMAIN public.cents AS bigint CHECK (VALUE >= 0);
CREATE TABLE public.invoices (id bigint PRIMARY KEY, amount public.cents NOT NULL);
CREATE FUNCTION public.format_cents(c public.cents) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(c / 100.0, 'FM999999990.00') $$;
INSERT INTO public.invoices VALUES (1, 1999);
