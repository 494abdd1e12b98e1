-- pair: SQL and plpgsql function bodies change (CREATE OR REPLACE in place), a new function is created
-- @min_postgres: 14
-- (SQL-standard function bodies (RETURN) arrived in PostgreSQL 14)
-- @from
CREATE FUNCTION public.add_tax(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT amount * 1.19 $$;
CREATE FUNCTION public.greet(who text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    RETURN 'Hello, ' || who;
END;
$$;
-- @to
CREATE FUNCTION public.add_tax(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT round(amount * 1.19, 2) $$;
CREATE FUNCTION public.greet(who text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    IF who IS NULL THEN
        RETURN 'Hello, stranger';
    END IF;
    RETURN 'Hello, ' || who || '!';
END;
$$;
CREATE FUNCTION public.farewell(who text) RETURNS text LANGUAGE sql IMMUTABLE RETURN 'Bye, ' || who;
