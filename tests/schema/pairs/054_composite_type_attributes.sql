-- pair: composite type used by a function: attribute appended, one's type changed, one dropped (ALTER TYPE … ATTRIBUTE in place)
-- @from
CREATE TYPE public.address AS (street text, city text, zip varchar(5), country_code char(2));
CREATE FUNCTION public.format_address(a public.address) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT a.street || ', ' || a.city $$;
-- @to
CREATE TYPE public.address AS (street text, city text, zip varchar(10));
ALTER TYPE public.address ADD ATTRIBUTE region text;
CREATE FUNCTION public.format_address(a public.address) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT a.street || ', ' || a.city $$;
