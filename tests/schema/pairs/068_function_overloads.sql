-- pair: overloads of one name: one added, one dropped, one's body changed (functions are identified by name and argument types)
-- @from
CREATE FUNCTION public.describe(v integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'int ' || v $$;
CREATE FUNCTION public.describe(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'text ' || v $$;
CREATE FUNCTION public.describe(v boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'bool ' || v $$;
-- @to
CREATE FUNCTION public.describe(v integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'integer ' || v $$;
CREATE FUNCTION public.describe(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'text ' || v $$;
CREATE FUNCTION public.describe(v integer, w integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'pair ' || v || ',' || w $$;
CREATE FUNCTION public.describe(VARIADIC vs text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'many ' || array_to_string(vs, ',') $$;
