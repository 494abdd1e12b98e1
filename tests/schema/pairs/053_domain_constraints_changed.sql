-- pair: a domain in use gets a CHECK added, one dropped, one changed (same name), NOT NULL set, default changed, a NOT VALID check
-- @from
CREATE DOMAIN public.percent AS numeric(5,2) CONSTRAINT percent_range CHECK (VALUE >= 0 AND VALUE <= 100);
CREATE DOMAIN public.slug AS text CONSTRAINT slug_lower CHECK (VALUE = lower(VALUE)) CONSTRAINT slug_short CHECK (length(VALUE) < 50);
CREATE DOMAIN public.quantity AS integer DEFAULT 1;
CREATE TABLE public.items (id bigint PRIMARY KEY, discount public.percent, slug public.slug, qty public.quantity);
INSERT INTO public.items VALUES (1, 10, 'abc', 3);
-- @to
CREATE DOMAIN public.percent AS numeric(5,2) CONSTRAINT percent_range CHECK (VALUE >= 0 AND VALUE <= 50);
CREATE DOMAIN public.slug AS text CONSTRAINT slug_lower CHECK (VALUE = lower(VALUE)) CONSTRAINT slug_no_spaces CHECK (VALUE !~ ' ');
CREATE DOMAIN public.quantity AS integer NOT NULL DEFAULT 0;
ALTER DOMAIN public.quantity ADD CONSTRAINT quantity_sane CHECK (VALUE < 1000000) NOT VALID;
CREATE TABLE public.items (id bigint PRIMARY KEY, discount public.percent, slug public.slug, qty public.quantity);
INSERT INTO public.items VALUES (1, 10, 'abc', 3);
