-- pair: an input parameter renamed (CREATE OR REPLACE refuses "cannot change name of input parameter": drop + create) and a parameter name added
-- @from
CREATE FUNCTION public.area(w numeric, h numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT $1 * $2 $$;
CREATE FUNCTION public.square(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT $1 * $1 $$;
-- @to
CREATE FUNCTION public.area(width numeric, height numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT $1 * $2 $$;
CREATE FUNCTION public.square(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT $1 * $1 $$;
