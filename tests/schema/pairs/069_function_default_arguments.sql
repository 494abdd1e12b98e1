-- pair: default arguments: added (CREATE OR REPLACE can add), removed (CREATE OR REPLACE refuses: drop + create), changed
-- @from
CREATE FUNCTION public.paginate(page integer, per_page integer DEFAULT 20) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT (page - 1) * per_page $$;
CREATE FUNCTION public.pad(s text, width integer, fill text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT lpad(s, width, fill) $$;
CREATE FUNCTION public.ratio(a numeric, b numeric DEFAULT 1) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT a / b $$;
-- @to
CREATE FUNCTION public.paginate(page integer, per_page integer) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT (page - 1) * per_page $$;
CREATE FUNCTION public.pad(s text, width integer DEFAULT 10, fill text DEFAULT ' ') RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT lpad(s, width, fill) $$;
CREATE FUNCTION public.ratio(a numeric, b numeric DEFAULT 100) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT a / b $$;
