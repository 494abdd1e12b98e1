-- pair: a function's language changes from sql to plpgsql (CREATE OR REPLACE can change the language), and an SQL-standard body (RETURN) becomes a string body
-- @min_postgres: 14
-- (SQL-standard function bodies (RETURN) arrived in PostgreSQL 14)
-- @from
CREATE FUNCTION public.clamp(v integer, lo integer, hi integer) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT greatest(lo, least(hi, v)) $$;
CREATE FUNCTION public.double_it(v integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN v * 2;
-- @to
CREATE FUNCTION public.clamp(v integer, lo integer, hi integer) RETURNS integer
    LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF v < lo THEN RETURN lo; END IF;
    IF v > hi THEN RETURN hi; END IF;
    RETURN v;
END;
$$;
CREATE FUNCTION public.double_it(v integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT v * 2 $$;
